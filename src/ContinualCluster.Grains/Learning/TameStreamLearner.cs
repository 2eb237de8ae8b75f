using ContinualCluster.Grains.Engine;
using ContinualCluster.Learning.Datasets;
using ContinualCluster.Learning.Scenarios;
using ContinualCluster.Learning.Tame;

namespace ContinualCluster.Grains.Learning;

/// <summary>
/// The stream's task-agnostic learner: Learning's <see cref="TameLearner"/> (switch detection, experts for detection,
/// selector and its buffer). TAME is not thread-safe, so every call holds one lock; routing reads the trained selector.
/// </summary>
public sealed class TameStreamLearner : IStreamLearner
{
    private readonly TameLearner _tame;
    private readonly object _gate = new();
    private readonly HashSet<string> _removals = new(StringComparer.Ordinal); // guarded by itself
    private const int Side = 28;

    private bool _releaseOnCreate;

    /// <summary>
    /// Wraps <paramref name="tame"/>; given the factory its selectors come from, selector training holds the learner's
    /// lock only while TAME snapshots its buffer (TameLearner.TrainSelector reads the buffer, then creates the model and
    /// trains it on that snapshot), so ingestion never waits for a whole selector training.
    /// </summary>
    public TameStreamLearner(TameLearner tame, GuardedSelectorFactory? selectors = null)
    {
        _tame = tame;
        if (selectors is not null) selectors.Creating += ReleaseForTraining;
    }

    private void ReleaseForTraining()
    {
        if (!_releaseOnCreate || !Monitor.IsEntered(_gate)) return;
        _releaseOnCreate = false;
        Monitor.Exit(_gate);
    }

    public int Experts { get { lock (_gate) return _tame.ExpertCount; } }

    public StreamStep Observe(IReadOnlyList<Sample> batch)
    {
        var learnerBatch = ToBatch(batch);
        lock (_gate)
        {
            ApplyRemovalsLocked();
            var d = _tame.ObserveBatch(learnerBatch);
            bool switched = d.Switched && d.PreviousExpert is not null;
            return new StreamStep(d.ActiveExpert, switched, switched && d.Switch == SwitchKind.NewExpert, d.ActiveLoss, Assignments(d.Assignments));
        }
    }

    public IReadOnlyList<ExpertAssignment> FlushPending()
    {
        lock (_gate)
        {
            ApplyRemovalsLocked();
            var d = _tame.Flush();
            return d is null ? Array.Empty<ExpertAssignment>() : Assignments(d.Assignments);
        }
    }

    /// <summary>
    /// Routes with the trained selector without taking the learner's lock (the selector is guarded against disposal
    /// while it scores), restricted to <paramref name="allowed"/>; before a selector exists, to the active expert.
    /// </summary>
    public int[] Route(float[] pixels, int count, IReadOnlySet<int> allowed)
    {
        int fallback = allowed.Contains(_tame.ActiveExpert) ? _tame.ActiveExpert : allowed.Max();
        var route = new int[count];
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var selector = _tame.Selector;
            if (selector is null || allowed.Count == 1) break;
            float[] scores;
            try { scores = selector.Scores(new LearnerBatch(pixels, Side, Side, new int[count], new string[count], new string[count])); }
            catch (ObjectDisposedException) { continue; }
            int outputs = selector.Outputs;
            for (int i = 0; i < count; i++)
            {
                int best = -1;
                for (int e = 0; e < outputs; e++)
                    if (allowed.Contains(e) && (best < 0 || scores[i * outputs + e] > scores[i * outputs + best])) best = e;
                route[i] = best < 0 ? fallback : best;
            }
            return route;
        }
        Array.Fill(route, fallback);
        return route;
    }

    /// <summary>Trains a new selector; callers serialise selector trainings (the engine's selector gate).</summary>
    public void TrainSelector()
    {
        Monitor.Enter(_gate);
        try
        {
            ApplyRemovalsLocked();
            if (_tame.ExpertCount <= 1) return;
            _releaseOnCreate = true;
            _tame.TrainSelector();
        }
        finally
        {
            _releaseOnCreate = false;
            if (Monitor.IsEntered(_gate)) Monitor.Exit(_gate);
        }
    }

    /// <summary>
    /// Drops deleted samples from the buffers at once when the learner is free; while it is busy (a selector training
    /// holds it for seconds) they are queued and leave the buffer before the learner next reads it, so the caller never
    /// waits. Returns how many were removed, or the number queued (a selector retraining then follows either way).
    /// </summary>
    public int RemoveFromSelectorBuffer(IReadOnlySet<string> ids)
    {
        lock (_removals) _removals.UnionWith(ids);
        if (!Monitor.TryEnter(_gate)) return ids.Count;
        try { return ApplyRemovalsLocked(); }
        finally { Monitor.Exit(_gate); }
    }

    private int ApplyRemovalsLocked()
    {
        string[] pending;
        lock (_removals)
        {
            if (_removals.Count == 0) return 0;
            pending = _removals.ToArray();
            _removals.Clear();
        }
        int removed = 0;
        foreach (var id in pending) if (_tame.RemoveSample(id)) removed++;
        return removed;
    }

    /// <summary>Ids in the selector buffer, queued removals excluded.</summary>
    public IReadOnlyCollection<string> SelectorBufferIds
    {
        get
        {
            lock (_gate)
            {
                ApplyRemovalsLocked();
                return _tame.SelectorBuffer.Samples().Select(s => s.Id).ToList();
            }
        }
    }

    private static IReadOnlyList<ExpertAssignment> Assignments(IReadOnlyList<BatchAssignment> list) =>
        list.Select(a => new ExpertAssignment(a.Expert, a.SampleIds)).ToList();

    private static LearnerBatch ToBatch(IReadOnlyList<Sample> batch)
    {
        int size = Side * Side;
        var pixels = new float[batch.Count * size];
        for (int i = 0; i < batch.Count; i++) batch[i].Pixels.CopyTo(pixels, i * size);
        return new LearnerBatch(pixels, Side, Side, batch.Select(s => s.Label).ToArray(), batch.Select(s => s.Id).ToArray(), batch.Select(s => s.OwnerId).ToArray());
    }

    public void Dispose()
    {
        lock (_gate) _tame.Dispose();
    }
}
