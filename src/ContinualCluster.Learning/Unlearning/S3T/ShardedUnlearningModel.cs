using System.Diagnostics;
using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Unlearning.Deletion;
using ContinualCluster.Learning.Unlearning.Placement;
using ContinualCluster.Learning.Unlearning.Sequences;

namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>
/// One task head trained with exact unlearning on a frozen backbone: S3T (m shards × L slices × B sequences, deletions
/// truncate sequences with no training on the request path, dead shards retrained in the background and swapped in
/// atomically), or the SISA / full-retraining baselines (deletions retrain synchronously) — the same code for all three.
/// Thread-safe: deletions, ingestion and installs are serialised by a lock; predictions read an immutable snapshot.
/// </summary>
public sealed partial class ShardedUnlearningModel
{
    private readonly object _gate = new();
    private readonly LoRAExpertTrainer _trainer;
    private readonly ChainTrainer _chains;
    private readonly DeletableSampleStore _store;
    private readonly ShardSequenceState[] _books;
    private readonly IReadOnlyList<StageCheckpoint>[][] _checkpoints;
    private readonly int[] _generation;
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeletionResult> _ledger = new(StringComparer.Ordinal);
    private readonly SortedSet<int> _pending = new();
    private volatile ServedSnapshot _served;
    private long _version;
    private Task _worker = Task.CompletedTask;
    private Exception? _backgroundError;

    /// <summary>Creates an untrained model; the placement is keyed by <see cref="S3TOptions.Seed"/>.</summary>
    public ShardedUnlearningModel(LoRAExpertTrainer trainer, S3TOptions options)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Strategy == UnlearningStrategy.S3T && trainer.Backbone.Blocks < options.Slices)
            throw new ArgumentException($"S3T with L = {options.Slices} slices needs a backbone with ≥ {options.Slices} LoRA blocks, it has {trainer.Backbone.Blocks}", nameof(options));
        Options = options;
        _trainer = trainer;
        _chains = new ChainTrainer(trainer, options);
        _store = new DeletableSampleStore(PlacementFunction.Create(options.Seed, options.Shards, options.Slices), trainer.Backbone.InputSize);
        var orders = options.SliceDeletionProbabilities is { } p
            ? SequenceSelection.BipartiteMatching(p, options.Sequences)
            : SequenceSelection.CyclicRotation(options.Slices, options.Sequences);
        _books = Enumerable.Range(0, options.Shards).Select(_ => new ShardSequenceState(orders, options.Slices)).ToArray();
        _checkpoints = Enumerable.Range(0, options.Shards)
            .Select(_ => Enumerable.Range(0, options.Sequences).Select(_ => (IReadOnlyList<StageCheckpoint>)Array.Empty<StageCheckpoint>()).ToArray())
            .ToArray();
        _generation = new int[options.Shards];
        _served = BuildSnapshot();
    }

    public S3TOptions Options { get; }

    /// <summary>The persisted placement function (recompute and audit placements with it).</summary>
    public PlacementFunction Placement => _store.Placement;

    /// <summary>What is served right now (an immutable snapshot; swapped atomically).</summary>
    public ServedSnapshot Served => _served;

    /// <summary>Training done so far: initial training, on request paths (SISA/full) and in the background (S3T).</summary>
    public RetrainingCost InitialCost { get; private set; } = RetrainingCost.Zero;
    public RetrainingCost RequestPathCost { get; private set; } = RetrainingCost.Zero;
    public RetrainingCost BackgroundCost { get; private set; } = RetrainingCost.Zero;

    /// <summary>Samples not deleted.</summary>
    public int LiveSamples { get { lock (_gate) return _store.LiveCount; } }

    /// <summary>Every recorded placement (deleted samples included), for audits.</summary>
    public IReadOnlyList<SamplePlacement> Placements() { lock (_gate) return _store.Placements.ToArray(); }

    /// <summary>The slice orders of the sequences (identical for every shard).</summary>
    public IReadOnlyList<IReadOnlyList<int>> SequenceOrders => Enumerable.Range(0, Options.Sequences).Select(b => _books[0].Order(b)).ToArray();

    /// <summary>Adds deletable samples (labels in 0..Classes−1); they enter checkpoints at the next (re)training of their shard.</summary>
    public IReadOnlyList<SamplePlacement> Ingest(IReadOnlyList<Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        for (int i = 0; i < samples.Count; i++)
            if (samples[i] is { } s && (s.Label < 0 || s.Label >= Options.Classes))
                throw new ArgumentException($"samples[{i}] ({s.Id}) has label {s.Label}, expected 0..{Options.Classes - 1}", nameof(samples));
        lock (_gate) return _store.Add(samples);
    }

    /// <summary>Trains every shard from scratch on the current data (synchronously) and serves the result.</summary>
    public RetrainingCost TrainAll()
    {
        var cost = RetrainingCost.Zero;
        for (int h = 0; h < Options.Shards; h++)
        {
            ShardRetrainJob job;
            lock (_gate) job = PrepareJob(h, fresh: true);
            cost = cost.Add(RunJob(job));
        }
        InitialCost = InitialCost.Add(cost);
        return cost;
    }

    /// <summary>
    /// Deletes samples by id or owner. The returned result already carries the served configuration that excludes
    /// them. S3T runs no training here; SISA and full retraining retrain the affected shards before returning.
    /// A malformed request throws <see cref="ArgumentException"/> and changes nothing; a repeated request id returns the
    /// earlier result; unknown ids are reported "not found" without affecting the others.
    /// </summary>
    public DeletionResult Delete(DeletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var watch = Stopwatch.StartNew();
        lock (_gate)
        {
            if (_ledger.TryGetValue(request.RequestId, out var earlier)) return earlier with { Repeated = true };
            var ids = request.SampleIds ?? _store.IdsOfOwner(request.OwnerId!);
            var outcomes = new List<DeletionOutcome>(ids.Count);
            var affected = new SortedSet<int>();
            if (ids.Count == 0) outcomes.Add(new DeletionOutcome(request.OwnerId!, DeletionStatus.NotFound));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                if (!seen.Add(id)) continue;
                var p = _store.Find(id);
                if (p is null) { outcomes.Add(new DeletionOutcome(id, DeletionStatus.NotFound)); continue; }
                if (!_store.Remove(id)) { outcomes.Add(new DeletionOutcome(id, DeletionStatus.AlreadyDeleted, p.Shard, p.Slice)); continue; }
                _deleted.Add(id);
                _books[p.Shard].Truncate(p.Slice);
                affected.Add(p.Shard);
                outcomes.Add(new DeletionOutcome(id, DeletionStatus.Deleted, p.Shard, p.Slice));
            }
            if (affected.Count > 0) Publish();
            int stages = 0;
            if (Options.Strategy == UnlearningStrategy.S3T)
            {
                foreach (var h in affected)
                    if (_books[h].IsDead || Options.RegrowTruncated) _pending.Add(h);
                if (Options.BackgroundRetraining && _pending.Count > 0) StartWorker();
            }
            else
            {
                // SISA / full retraining: retrain from the affected slice on the request path (the baseline's cost).
                var cost = RetrainingCost.Zero;
                foreach (var h in affected) cost = cost.Add(RunJob(PrepareJob(h, fresh: false)));
                RequestPathCost = RequestPathCost.Add(cost);
                stages = cost.Stages;
            }
            var result = new DeletionResult(request.RequestId, outcomes, _served.Configuration, false, watch.Elapsed.TotalMilliseconds, stages);
            _ledger[request.RequestId] = result;
            return result;
        }
    }

    /// <summary>Runs (or waits for) the background retraining until no shard needs work; rethrows a background failure.</summary>
    public async Task RetrainPendingAsync()
    {
        while (true)
        {
            Task worker;
            lock (_gate)
            {
                if (_backgroundError is { } e) throw new InvalidOperationException("background retraining failed", e);
                if (_pending.Count == 0 && _worker.IsCompleted) return;
                StartWorker();
                worker = _worker;
            }
            await worker.ConfigureAwait(false);
        }
    }

    /// <summary>Averaged logits (count × classes) over the live shards of the served snapshot.</summary>
    public float[] PredictLogits(float[] pixels, int count) => PredictLogits(_served.LiveStates.ToArray(), pixels, count);

    /// <summary>Averaged logits over <paramref name="states"/> (live checkpoints the caller captured from one snapshot).</summary>
    public float[] PredictLogits(IReadOnlyList<ExpertState> states, float[] pixels, int count)
    {
        if (states.Count == 0) throw new InvalidOperationException("no shard is live: every shard must be retrained before the model can serve");
        var sum = new float[count * Options.Classes];
        foreach (var s in states)
        {
            var logits = _trainer.Logits(s, pixels, count);
            for (int i = 0; i < sum.Length; i++) sum[i] += logits[i];
        }
        for (int i = 0; i < sum.Length; i++) sum[i] /= states.Count;
        return sum;
    }

    /// <summary>Checks that no served checkpoint's lineage contains a deleted id.</summary>
    public LineageCheck CheckLineage()
    {
        lock (_gate)
        {
            var snapshot = _served;
            var violations = new List<string>();
            int checkpoints = 0, ids = 0;
            foreach (var chain in snapshot.Chains)
                foreach (var cp in chain ?? Array.Empty<StageCheckpoint>())
                {
                    checkpoints++;
                    foreach (var slice in cp.Lineage)
                        foreach (var id in slice.Ids)
                        {
                            ids++;
                            if (_deleted.Contains(id)) violations.Add($"shard {cp.Shard} seq {cp.Sequence} stage {cp.Stage}: {id}");
                        }
                }
            return new LineageCheck(checkpoints, ids, _deleted.Count, violations);
        }
    }

    /// <summary>The checkpoint chain currently held for one sequence (for inspection and tests).</summary>
    public IReadOnlyList<StageCheckpoint> Chain(int shard, int sequence) { lock (_gate) return _checkpoints[shard][sequence]; }

    private void Publish()
    {
        _served = BuildSnapshot();
    }

    private ServedSnapshot BuildSnapshot()
    {
        var shards = new ShardServing[Options.Shards];
        var chains = new IReadOnlyList<StageCheckpoint>?[Options.Shards];
        for (int h = 0; h < Options.Shards; h++)
        {
            var (seq, prefix) = _books[h].Best();
            shards[h] = new ShardServing(h, seq, prefix, _generation[h]);
            chains[h] = prefix > 0 ? _checkpoints[h][seq].Take(prefix).ToArray() : null;
        }
        return new ServedSnapshot(new ServedConfiguration(++_version, shards), chains);
    }
}
