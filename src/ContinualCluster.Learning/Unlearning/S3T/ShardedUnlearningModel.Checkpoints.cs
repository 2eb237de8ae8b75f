using System.Globalization;
using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Learning.Unlearning.S3T;

// Durable checkpoints: a shard's clean stage checkpoints are exported as a ShardCheckpointRecord after every change
// (training installed, sequences truncated by a deletion) and restored on activation, lineage-checked against the
// deletions known then, so a stream that moves serves at once instead of retraining every shard.
public sealed partial class ShardedUnlearningModel
{
    // Per shard and slice, the ids its last training covered (null: never trained here). Guarded by _gate.
    private string[]?[]? _coverageStore;
    private string[]?[] Coverage => _coverageStore ??= new string[]?[Options.Shards * Options.Slices];

    /// <summary>
    /// Raised (under the model's lock: handlers must only enqueue) with the shard index whenever what that shard would
    /// export changes: a training was installed or a deletion truncated its sequences.
    /// </summary>
    public event Action<int>? ShardChanged;

    /// <summary>The settings a stored record must match to be restored: strategy, m, L, B, classes, seed, placement and stage training.</summary>
    public string CheckpointIdentity => string.Create(CultureInfo.InvariantCulture,
        $"s3t {Options.Strategy} m={Options.Shards} L={Options.Slices} B={Options.Sequences} classes={Options.Classes} seed={Options.Seed:x} " +
        $"placement={Placement.Name}/{Placement.Version} epochs={Options.Training.Epochs} batch={Options.Training.BatchSize} lr={Options.Training.LearningRate:R}");

    /// <summary>The fingerprint of the backbone these checkpoints adapt.</summary>
    public string BackboneId => BackboneIdentity.Of(_trainer.Backbone);

    /// <summary>Stage trainings run so far (initial, request-path and background).</summary>
    public long StagesTrained { get { lock (_gate) return InitialCost.Stages + RequestPathCost.Stages + BackgroundCost.Stages; } }

    /// <summary>
    /// The shard's durable part now: every sequence's clean prefix (never a stage whose lineage holds a deleted id) and
    /// its training coverage without deleted ids; null when the shard was never trained or has no clean stage left.
    /// </summary>
    public ShardCheckpointRecord? ExportShard(int shard, string owner)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, Options.Shards);
        lock (_gate)
        {
            var book = _books[shard];
            var sequences = new SequenceCheckpoints[Options.Sequences];
            for (int b = 0; b < Options.Sequences; b++)
            {
                var clean = _checkpoints[shard][b].Take(book.LivePrefix(b)).ToArray();
                sequences[b] = new SequenceCheckpoints(b, book.Order(b).ToArray(), clean);
            }
            if (sequences.All(s => s.Stages.Count == 0)) return null;
            var coverage = new List<SliceLineage>(Options.Slices);
            for (int s = 0; s < Options.Slices; s++)
                if (Coverage[shard * Options.Slices + s] is { } ids)
                    coverage.Add(new SliceLineage(shard, s, ids.Any(_deleted.Contains) ? ids.Where(id => !_deleted.Contains(id)).ToArray() : ids));
            return new ShardCheckpointRecord(BackboneId, CheckpointIdentity, owner, shard, _generation[shard], sequences, coverage);
        }
    }

    /// <summary>
    /// Installs a stored record for its shard when it was written for this backbone, these settings and
    /// <paramref name="owner"/>; otherwise refuses it whole (the result says why) and changes nothing. Each sequence keeps
    /// the longest stored prefix whose every stage's lineage holds only ids that are live in this shard at that slice and
    /// not in <paramref name="deleted"/> (which also joins the ids every later lineage check looks for).
    /// Call after the shard's samples were ingested and before it trains; a dead shard is not queued (see <see cref="QueueRetraining"/>).
    /// </summary>
    public ShardRestoreResult RestoreShard(ShardCheckpointRecord record, string owner, IReadOnlySet<string> deleted)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(deleted);
        lock (_gate)
        {
            _deleted.UnionWith(deleted);
            int shard = record.Shard;
            if (shard < 0 || shard >= Options.Shards) return ShardRestoreResult.Refuse(shard, $"it is for shard {shard}, the model has {Options.Shards}", 0);
            int live = Enumerable.Range(0, Options.Slices).Sum(s => _store.SliceIds(shard, s).Count);
            string? refused = CheckpointRestore.Refusal(this, record, owner, _trainer.Backbone);
            if (refused is not null) return ShardRestoreResult.Refuse(shard, refused, live);
            var prefixes = new int[Options.Sequences];
            int stored = 0, droppedDeleted = 0, droppedForeign = 0;
            for (int b = 0; b < Options.Sequences; b++)
            {
                var chain = record.Sequences[b].Stages;
                stored += chain.Count;
                int keep = 0;
                while (keep < chain.Count)
                {
                    var verdict = CheckpointRestore.Lineage(chain[keep], deleted, _store);
                    if (verdict == CheckpointRestore.Clean) { keep++; continue; }
                    if (verdict == CheckpointRestore.HoldsDeleted) droppedDeleted += chain.Count - keep; else droppedForeign += chain.Count - keep;
                    break;
                }
                _checkpoints[shard][b] = chain.Take(keep).ToArray();
                _books[shard].SetTrained(b, keep);
                prefixes[b] = keep;
            }
            _generation[shard] = Math.Max(_generation[shard], record.Generation);
            int covered = 0;
            for (int s = 0; s < Options.Slices; s++)
            {
                var liveIds = _store.SliceIds(shard, s);
                var ids = record.Coverage.FirstOrDefault(c => c.Slice == s)?.Ids.Where(id => liveIds.Contains(id) && !deleted.Contains(id)).ToArray();
                Coverage[shard * Options.Slices + s] = ids;
                covered += ids?.Length ?? 0;
            }
            Publish();
            return new ShardRestoreResult(shard, null, prefixes, stored, droppedDeleted, droppedForeign, live - covered);
        }
    }

    /// <summary>Queues background retraining of the given shards (those left dead by a restore) when they are dead.</summary>
    public void QueueRetraining(IEnumerable<int> shards)
    {
        lock (_gate)
        {
            foreach (var h in shards)
                if (h >= 0 && h < Options.Shards && _books[h].IsDead) _pending.Add(h);
            if (Options.BackgroundRetraining && _pending.Count > 0) StartWorker();
        }
    }

    // Called under _gate after a job's chains were installed: a fresh job covered exactly its snapshot; a partial one
    // (regrowing some sequences) can only claim what both the earlier coverage and its snapshot hold.
    private void RecordCoverage(ShardRetrainJob job)
    {
        bool fresh = job.From.All(f => f == 0);
        for (int s = 0; s < Options.Slices; s++)
        {
            int at = job.Shard * Options.Slices + s;
            var ids = job.Slices[s].Ids;
            Coverage[at] = fresh ? ids : Coverage[at] is { } before ? before.Intersect(ids, StringComparer.Ordinal).ToArray() : Array.Empty<string>();
        }
        ShardChanged?.Invoke(job.Shard);
    }

    private void RaiseShardChanged(IEnumerable<int> shards)
    {
        if (ShardChanged is null) return;
        foreach (var h in shards) ShardChanged(h);
    }
}
