using System.Text;
using ContinualCluster.Abstractions.Api;
using ContinualCluster.Learning.Datasets;
using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Grains.Engine;

/// <summary>
/// Recovery on activation: the deletion ledger, every logged batch (replayed from the sample archive, deleted samples
/// left out and their leftovers redacted), the stored S3T checkpoints whose lineage is clean (StreamEngine.Checkpoints)
/// and the concept-unlearning requests are rebuilt from the store, so a stream that moves or whose silo dies keeps
/// everything it acknowledged, serves again without retraining what was stored, and never resurrects a deleted sample.
/// </summary>
public sealed partial class StreamEngine
{
    private bool _replaying;
    private volatile bool _recovering;
    private Task _recovery = Task.CompletedTask;

    /// <summary>True while the selector (and without checkpoints, the experts) retrain and logged unlearning requests are re-applied; predictions wait (503).</summary>
    public bool Recovering => _recovering;

    /// <summary>Ids in the selector buffer (its lineage), for checks and tests.</summary>
    public IReadOnlyCollection<string> SelectorBufferIds => _learner.SelectorBufferIds;

    /// <summary>Batches replayed by the last recovery.</summary>
    public int ReplayedBatches { get; private set; }

    /// <summary>Completes when the audit of the transitions the rebuilt ledger reached (missing ones only) is done.</summary>
    public Task AuditCatchUp { get; private set; } = Task.CompletedTask;

    /// <summary>Completes when the background part of recovery (training, unlearning, pending receipts) is done.</summary>
    public Task RecoveryCompletion => _recovery;

    /// <summary>Rebuilds the stream from the store; call once, before any other call.</summary>
    public async Task RecoverAsync(CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            var entries = await Ledger.LoadAsync(ct);
            foreach (var e in entries) _deleted.UnionWith(e.SampleIds);
            // Replay never re-appends: the audit reads what its log already holds and appends only missing transitions.
            if (Audit is not null) AuditCatchUp = Task.Run(() => Audit.CatchUpAsync(entries));
            _replaying = true;
            await ForEachRowAsync($"flush/{_id}", row => { if (long.TryParse(row.RequestId, out long at)) _flushedAt.Add(at); return Task.CompletedTask; }, ct);
            await ForEachRowAsync($"ingest/{_id}", row => ReplayBatchAsync(row, ct), ct);
            ReplayFlush();
            _replaying = false;
            var unlearning = new List<(LoggedRequest Row, IReadOnlyList<Sample> Samples)>();
            await ForEachRowAsync($"unlearning/{_id}", async row =>
            {
                var samples = _archive is null ? null : await _archive.ReadAsync("unlearning", row.RequestId, ct);
                if (samples is { Count: > 0 }) unlearning.Add((row, samples));
                else Console.Error.WriteLine($"stream {_id}: unlearning request {row.RequestId} has no stored data; it cannot be re-applied");
            }, ct);
            var pending = entries.Where(e => e.RetrainedAt is null).ToList();
            if (_batchRequests.Count == 0 && unlearning.Count == 0 && pending.Count == 0) return;
            // Stored checkpoints whose lineage is clean serve at once; only what they lack trains (in the background).
            bool restored = await RestoreCheckpointsAsync(ct);
            if (!restored) for (int k = 0; k < _experts.Count; k++) if (_untrained[k] > 0) ScheduleTraining(k);
            // A deletion acknowledged before the crash whose "excluded" row was not written yet is excluded now: replay
            // left its samples out and restored checkpoints were filtered by the ledger, so nothing served holds them.
            // Its receipt says so at once (not "accepted" until every retraining is done); the row follows in the background.
            var excludedNow = entries.Where(e => e.ExcludedAt is null).ToList();
            foreach (var entry in excludedNow)
            {
                entry.ExcludedAt = _time.GetUtcNow();
                entry.ServedModels = _experts.SelectMany(x => x.Served).ToList();
                entry.Lineage = CheckLineage(entry.SampleIds);
            }
            // Predictions wait for the selector (routing to one expert would answer other tasks wrongly) and for the
            // re-applied unlearning requests (a forgotten concept is never served).
            _recovering = unlearning.Count > 0 || restored && _learner.Experts > 1;
            _recovery = Task.Run(async () =>
            {
                await JournalExcludedAsync(excludedNow);
                await FinishRecoveryAsync(unlearning, pending, restored);
            });
        }
        finally
        {
            _replaying = false;
            _turn.Release();
        }
    }

    private async Task ForEachRowAsync(string log, Func<LoggedRequest, Task> apply, CancellationToken ct)
    {
        long after = 0;
        while (true)
        {
            var rows = await _log.ReadAsync(log, after, 256, ct);
            if (rows.Count == 0) return;
            foreach (var row in rows)
            {
                after = row.Sequence;
                await apply(row);
            }
        }
    }

    /// <summary>
    /// Logs a flush (TAME resolves the batch it holds for confirmation and every expert trains) with the number of
    /// batches applied before it, so that replay resolves the held batch at the same point: checkpoints trained after
    /// the flush then match the replayed experts' samples. Runs inside the turn.
    /// </summary>
    private async Task LogFlushAsync(CancellationToken ct) =>
        await _log.AppendAsync($"flush/{_id}", _batches.ToString(System.Globalization.CultureInfo.InvariantCulture), "flush", Array.Empty<byte>(), ct);

    private readonly HashSet<long> _flushedAt = new();

    private void ReplayFlush()
    {
        if (_flushedAt.Contains(_batches)) Assign(_learner.FlushPending());
    }

    private async Task ReplayBatchAsync(LoggedRequest row, CancellationToken ct)
    {
        ReplayFlush();
        var lines = Encoding.UTF8.GetString(row.Payload).Split('\n');
        string fingerprint = lines[0];
        var ids = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t') is var p && p.Length > 1 ? (p[0], p[1]) : (p[0], "anonymous")).ToList();
        var stored = _archive is null ? null : await _archive.ReadAsync("ingest", row.RequestId, ct);
        if (stored is null && ids.Any(x => !_deleted.Contains(x.Item1)))
            Console.Error.WriteLine($"stream {_id}: batch {row.RequestId} has no stored samples; its ids are indexed but cannot be learned");
        var learn = (stored ?? new List<Sample>()).Where(s => !_deleted.Contains(s.Id)).ToList();
        // A deletion accepted before the crash may not have finished redacting this record: finish it now.
        if (_archive is not null && stored is not null && learn.Count < stored.Count) await _archive.RedactAsync("ingest", row.RequestId, _deleted, ct);
        Apply(row.RequestId, fingerprint, ids, learn);
        ReplayedBatches++;
    }

    /// <summary>
    /// Trains the replayed experts (or, with restored checkpoints, only the selector first), re-applies logged unlearning
    /// requests, then completes receipts left pending once every retraining is done.
    /// </summary>
    private async Task FinishRecoveryAsync(List<(LoggedRequest Row, IReadOnlyList<Sample> Samples)> unlearning, List<LedgerEntry> pending, bool restored)
    {
        try
        {
            if (!restored) await WaitForAllTrainingAsync();
            if (_learner.Experts > 1) await RetrainSelectorAfterAsync();
            // An unlearning request is re-applied over served experts only: wait until every expert serves.
            if (unlearning.Count > 0 && _serving.Any(e => !e.Ready)) await WaitForAllTrainingAsync();
            await _turn.WaitAsync();
            try
            {
                foreach (var (row, samples) in unlearning) ReapplyUnlearning(row, samples);
            }
            finally
            {
                _recovering = false;
                _turn.Release();
            }
            if (pending.Count == 0) return;
            await WaitForAllTrainingAsync();
            await _turn.WaitAsync();
            try
            {
                foreach (var entry in pending)
                {
                    entry.ExcludedAt ??= _time.GetUtcNow();
                    entry.RetrainedAt = _time.GetUtcNow();
                    entry.ServedModels = _experts.SelectMany(x => x.Served).ToList();
                    entry.Lineage = CheckLineage(entry.SampleIds);
                    entry.RawDataRemoved = true;
                }
            }
            finally { _turn.Release(); }
            foreach (var entry in pending)
            {
                await Ledger.RecordAsync(entry, "retrained", CancellationToken.None);
                if (Audit is not null) await Audit.RecordAsync(entry, DeletionState.Retrained);
            }
        }
        catch (ObjectDisposedException) when (IsDisposed) { }
        catch (Exception e)
        {
            _recovering = false;
            Console.Error.WriteLine($"stream {_id}: finishing recovery failed: {e.Message}");
        }
    }

    /// <summary>Writes the "excluded" rows (and audit entries) of deletions that recovery excluded.</summary>
    private async Task JournalExcludedAsync(List<LedgerEntry> entries)
    {
        try
        {
            if (entries.Count == 0) return;
            await AuditCatchUp;   // the catch-up reads what is audited already; one writer per transition
            foreach (var entry in entries)
            {
                await Ledger.RecordAsync(entry, "excluded", CancellationToken.None);
                if (Audit is not null) await Audit.RecordAsync(entry, DeletionState.Excluded);
            }
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            Console.Error.WriteLine($"stream {_id}: writing recovered exclusions failed: {e.Message}");
        }
    }

    private void ReapplyUnlearning(LoggedRequest row, IReadOnlyList<Sample> samples)
    {
        var lines = Encoding.UTF8.GetString(row.Payload).Split('\n');
        int? classLabel = lines.FirstOrDefault(l => l.StartsWith("class:", StringComparison.Ordinal)) is { Length: > 6 } c && int.TryParse(c[6..], out int v) ? v : null;
        var forget = samples.Select(s => s with { Label = _labels.Local(s.Label) }).ToList();
        var experts = _serving;
        var ready = Enumerable.Range(0, experts.Length).Where(k => experts[k].Ready).ToHashSet();
        if (ready.Count == 0) return;
        var pixels = new float[forget.Count * ApiLimits.ImageSize];
        for (int i = 0; i < forget.Count; i++) forget[i].Pixels.CopyTo(pixels, i * ApiLimits.ImageSize);
        int expert = _learner.Route(pixels, forget.Count, ready).GroupBy(e => e).MaxBy(g => g.Count())!.Key;
        _unlearner.Forget(expert, experts[expert], forget);
        RecordForgotten(expert, row.RequestId, forget);
        Interlocked.Increment(ref _version);
        var receipt = new UnlearningReceipt(row.RequestId, "completed", classLabel, forget.Count, _unlearner.Requests - 1, row.AppendedAt, _time.GetUtcNow(), false);
        _unlearned[row.RequestId] = (lines[0], receipt);
    }
}
