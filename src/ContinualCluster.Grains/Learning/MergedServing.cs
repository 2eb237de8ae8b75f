using ContinualCluster.Learning.Models.Backbone;
using ContinualCluster.Learning.Unlearning.S3T;

namespace ContinualCluster.Grains.Learning;

/// <summary>
/// Serves an S3T expert's live checkpoints merged: a <see cref="ServingEnsemble"/> (adapters merged into the upper
/// layers, the shared bottom layer run once, shards batched) compiled for exactly the served checkpoints. It is built
/// off the request path, on a background thread, whenever the served checkpoints change; until it is published the
/// same checkpoints are served unmerged (the exact same function, slower), so a prediction never waits for a merge.
/// The unmerged checkpoints stay the source of truth: "unmerging" is dropping the ensemble, which is disposed once the
/// predictions using it finish.
/// </summary>
public sealed class MergedServing : IDisposable
{
    private readonly FrozenBackbone _backbone;
    private readonly LoRAExpertTrainer _unmerged;
    private readonly object _gate = new();
    private volatile ServingEnsemble? _current;
    private IReadOnlyList<ExpertState>? _wanted;
    private bool _building, _disposed;
    private long _merges, _unmergedServes;

    private readonly ServingPrecision _precision;

    public MergedServing(FrozenBackbone backbone, ServingPrecision precision = ServingPrecision.Float32)
    {
        _backbone = backbone;
        _precision = precision;
        _unmerged = new LoRAExpertTrainer(backbone);
    }

    /// <summary>Ensembles built so far, and predictions answered unmerged while one was being built.</summary>
    public long Merges => Interlocked.Read(ref _merges);
    public long UnmergedServes => Interlocked.Read(ref _unmergedServes);

    /// <summary>Average logits (count × classes) of exactly <paramref name="states"/>: merged when published, else unmerged.</summary>
    public float[] Logits(IReadOnlyList<ExpertState> states, float[] pixels, int count, int classes)
    {
        var ensemble = _current;
        if (ensemble is not null && SameStates(ensemble.States, states))
        {
            try { return ensemble.Logits(pixels, count); }
            catch (ObjectDisposedException) { }   // replaced just now: serve these checkpoints unmerged
        }
        Prepare(states);
        Interlocked.Increment(ref _unmergedServes);
        var sum = new float[count * classes];
        foreach (var s in states)
        {
            var logits = _unmerged.Logits(s, pixels, count);
            for (int i = 0; i < sum.Length; i++) sum[i] += logits[i];
        }
        for (int i = 0; i < sum.Length; i++) sum[i] /= states.Count;
        return sum;
    }

    /// <summary>Starts building the ensemble for <paramref name="states"/> in the background unless it is published or being built.</summary>
    public void Prepare(IReadOnlyList<ExpertState> states)
    {
        if (states.Count == 0) return;
        lock (_gate)
        {
            if (_disposed) return;
            if (_current is { } c && SameStates(c.States, states)) return;
            _wanted = states.ToArray();
            if (_building) return;
            _building = true;
        }
        _ = TrainingThreads.Start(BuildLoop);
    }

    private void BuildLoop()
    {
        while (true)
        {
            IReadOnlyList<ExpertState> states;
            lock (_gate)
            {
                if (_disposed || _wanted is null || (_current is { } c && SameStates(c.States, _wanted))) { _building = false; return; }
                states = _wanted;
            }
            ServingEnsemble built;
            try { built = new ServingEnsemble(_backbone, states, _precision); }
            catch (Exception e)
            {
                Console.Error.WriteLine($"merging served checkpoints failed (serving them unmerged): {e.Message}");
                lock (_gate) { _building = false; _wanted = null; }
                return;
            }
            ServingEnsemble? old;
            lock (_gate)
            {
                if (_disposed) { built.Dispose(); _building = false; return; }
                old = _current;
                _current = built;
            }
            Interlocked.Increment(ref _merges);
            old?.Dispose();   // waits for the predictions still using it
        }
    }

    private static bool SameStates(IReadOnlyList<ExpertState> a, IReadOnlyList<ExpertState> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++) if (!ReferenceEquals(a[i], b[i])) return false;
        return true;
    }

    public void Dispose()
    {
        ServingEnsemble? current;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            current = _current;
            _current = null;
        }
        current?.Dispose();
    }
}
