using ContinualCluster.Learning.Unlearning.S3T;
using ContinualCluster.Runtime;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// The durable S3T checkpoints of one stream: one ETag-guarded grain-state record per (expert, shard) holding that
/// shard's clean stage checkpoints with their lineage (<see cref="ShardCheckpointCodec"/>). Records are rewritten off the
/// request path whenever a shard changes (a training installed, a deletion truncated it: the rewrite keeps only clean
/// prefixes, so the store stops holding a checkpoint a deletion invalidated) and read on activation, where each stage's
/// lineage is checked against the ledger before anything is served.
/// </summary>
public sealed class CheckpointStore
{
    /// <summary>The grain-state type under which a stream's checkpoint records are kept.</summary>
    public const string RecordType = "ccl.s3t-checkpoints";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    // Changes arriving together (a burst of deletions, the m shards of one training) share one write per record; the
    // store's single writer (SQLite) is then taken less often beside the ledger appends on the deletion path.
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(200);
    private readonly IGrainStateStore _store;
    private readonly string _stream;
    private readonly Action<string> _log;
    private readonly object _gate = new();
    private readonly Dictionary<GrainId, string?> _etags = new();
    private readonly HashSet<GrainId> _lost = new();
    private readonly List<(ICheckpointedExpert Expert, int Shard)> _dirty = new();
    private Task _writer = Task.CompletedTask;
    private long _written, _bytes, _cleared, _failures;

    public CheckpointStore(IGrainStateStore store, string streamId, Action<string>? log = null)
    {
        _store = store;
        _stream = streamId;
        _log = log ?? (m => Console.Error.WriteLine(m));
    }

    /// <summary>Records written, their total bytes, records cleared (no clean stage left) and failed writes so far.</summary>
    public (long Written, long Bytes, long Cleared, long Failures) Stats
    {
        get { lock (_gate) return (_written, _bytes, _cleared, _failures); }
    }

    /// <summary>The key of one expert's shard record.</summary>
    public GrainId Key(int expert, int shard) => new(RecordType, $"{_stream}/expert-{expert}/shard-{shard}");

    /// <summary>Who a record belongs to; a record carrying another owner is refused.</summary>
    public string Owner(int expert) => $"{_stream}/expert-{expert}";

    /// <summary>Persists the expert's shards whenever they change from now on.</summary>
    public void Track(IExpertModel expert)
    {
        if (expert is ICheckpointedExpert c) c.ShardChanged += shard => MarkDirty(c, shard);
    }

    /// <summary>
    /// Reads and installs the expert's stored shard records (its samples must have been replayed): a missing record
    /// leaves the shard untrained; a corrupt or foreign one is logged, left unused and rewritten by the next export.
    /// </summary>
    public async Task<IReadOnlyList<ShardRestoreResult>> RestoreAsync(ICheckpointedExpert expert, IReadOnlySet<string> deleted, CancellationToken ct)
    {
        var keys = Enumerable.Range(0, expert.Shards).Select(h => Key(expert.Expert, h)).ToArray();
        var stored = await Task.WhenAll(keys.Select(k => _store.ReadAsync(k, ct)));
        var results = new List<ShardRestoreResult>(keys.Length);
        for (int h = 0; h < keys.Length; h++)
        {
            lock (_gate) _etags[keys[h]] = stored[h]?.ETag;
            if (stored[h] is not { } s) continue;
            ShardCheckpointRecord record;
            try { record = ShardCheckpointCodec.Decode(s.Data); }
            catch (InvalidDataException e)
            {
                _log($"stream {_stream}: checkpoint record {keys[h]} is unusable ({e.Message}); the shard retrains");
                MarkDirty(expert, h);
                results.Add(ShardRestoreResult.Refuse(h, e.Message, 0));
                continue;
            }
            if (record.Shard != h)
            {
                _log($"stream {_stream}: checkpoint record {keys[h]} holds shard {record.Shard}; the shard retrains");
                MarkDirty(expert, h);
                results.Add(ShardRestoreResult.Refuse(h, $"it holds shard {record.Shard}", 0));
                continue;
            }
            var result = expert.RestoreShard(record, Owner(expert.Expert), deleted);
            if (result.Refused is not null) _log($"stream {_stream}: checkpoint record {keys[h]} refused: {result.Refused}; the shard retrains");
            // A record holding stages that are no longer clean is rewritten at once with the clean prefixes (or cleared).
            if (result.Refused is not null || result.DroppedDeleted + result.DroppedForeign > 0) MarkDirty(expert, h);
            results.Add(result);
        }
        return results;
    }

    /// <summary>Completes when every change announced so far has been written.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        while (true)
        {
            Task writer;
            lock (_gate)
            {
                if (_dirty.Count == 0 && _writer.IsCompleted) return;
                writer = _writer;
            }
            await writer.WaitAsync(ct);
        }
    }

    private void MarkDirty(ICheckpointedExpert expert, int shard)
    {
        lock (_gate)
        {
            if (!_dirty.Contains((expert, shard))) _dirty.Add((expert, shard));
            if (_writer.IsCompleted) _writer = Task.Run(WriteLoopAsync);
        }
    }

    private async Task WriteLoopAsync()
    {
        await Task.Delay(Coalesce);
        while (true)
        {
            (ICheckpointedExpert Expert, int Shard) next;
            lock (_gate)
            {
                if (_dirty.Count == 0) return;
                next = _dirty[0];
                _dirty.RemoveAt(0);
            }
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    await WriteAsync(next.Expert, next.Shard);
                    break;
                }
                catch (Exception e) when (e is StoreUnavailableException or TimeoutException or IOException && attempt < 5)
                {
                    await Task.Delay(RetryDelay * attempt);
                }
                catch (Exception e)
                {
                    lock (_gate) _failures++;
                    _log($"stream {_stream}: writing checkpoint record {Key(next.Expert.Expert, next.Shard)} failed: {e.Message}");
                    break;
                }
            }
        }
    }

    private async Task WriteAsync(ICheckpointedExpert expert, int shard)
    {
        var key = Key(expert.Expert, shard);
        string? etag;
        bool known;
        lock (_gate)
        {
            if (_lost.Contains(key)) return;
            known = _etags.TryGetValue(key, out etag);
        }
        if (!known) etag = (await _store.ReadAsync(key))?.ETag;
        // Exported now (not when the change was announced), so a coalesced write always holds the latest clean state.
        var record = expert.ExportShard(shard, Owner(expert.Expert));
        try
        {
            if (record is null)
            {
                if (etag is not null) await _store.ClearAsync(key, etag);
                lock (_gate) { _etags[key] = null; if (etag is not null) _cleared++; }
                return;
            }
            var data = ShardCheckpointCodec.Encode(record);
            string written = await _store.WriteAsync(key, data, etag);
            lock (_gate) { _etags[key] = written; _written++; _bytes += data.Length; }
        }
        catch (InconsistentStateException)
        {
            // Another activation wrote this record since this one read it: it is the newer owner (or a zombie that the
            // ledger check at load filters). Stop writing this key here rather than overwrite its state.
            lock (_gate) { _lost.Add(key); _failures++; }
            _log($"stream {_stream}: checkpoint record {key} was written by another activation; this activation stops updating it");
        }
    }
}
