using ContinualCluster.Learning.Metrics;
using ContinualCluster.Learning.Models;
using ContinualCluster.Learning.Scenarios;

namespace ContinualCluster.Learning.Tame;

/// <summary>TAME, batch by batch: detects task switches without task labels, reuses or creates experts, keeps the selector and pruning
/// buffers, trains the selector and routes predictions. Not thread-safe: one caller at a time (a grain turn).</summary>
public sealed partial class TameLearner : IRoutedClassifier, IDisposable
{
    private readonly List<TameExpert> _experts = new();
    private readonly IClassifierFactory _expertFactory;
    private readonly IClassifierFactory _selectorFactory;
    private readonly PriorityBuffer _selectorBuffer;
    private readonly PriorityBuffer _pruneBuffer;
    private readonly List<PendingBatch> _pending = new();
    private readonly List<IClassifierModel> _selectors = new();
    private readonly Random _augmentRng;
    private int _selectorExperts;
    private long _sequence;
    private long _activeSince;
    private bool _disposed;

    public TameLearner(TameOptions options, IClassifierFactory expertFactory, IClassifierFactory? selectorFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _expertFactory = expertFactory ?? throw new ArgumentNullException(nameof(expertFactory));
        _selectorFactory = selectorFactory ?? new ClassifierFactory(ModelKind.LeNet5);
        int c = options.ClassesPerTask;
        _selectorBuffer = new PriorityBuffer(options.SelectorBufferCapacity, capacityPerPool: false, s => s.Expert * c + s.Label);
        _pruneBuffer = new PriorityBuffer(options.PruneBufferCapacity, capacityPerPool: true, s => s.Expert);
        _augmentRng = new Random(unchecked(options.Seed * 7919 + 613));
        ContinualCluster.Torch.torch.manual_seed(options.Seed);
    }

    public TameOptions Options { get; }

    public IReadOnlyList<TameExpert> Experts => _experts;

    public int ExpertCount => _experts.Count;

    /// <summary>The expert that is learning now (-1 before the first batch).</summary>
    public int ActiveExpert { get; private set; } = -1;

    /// <summary>Batches observed so far (the next batch's sequence number).</summary>
    public long BatchesObserved => _sequence;

    /// <summary>True while a suspicious batch waits for confirmation.</summary>
    public bool HasPending => _pending.Count > 0;

    /// <summary>Batches held while a suspected switch awaits confirmation (at most <see cref="TameOptions.SwitchConfirmations"/>).</summary>
    public int PendingCount => _pending.Count;

    /// <summary>The selector buffer (C_s samples labelled by expert id).</summary>
    public PriorityBuffer SelectorBuffer => _selectorBuffer;

    /// <summary>The per-expert pruning buffers (C_p each).</summary>
    public PriorityBuffer PruneBuffer => _pruneBuffer;

    /// <summary>The trained selector (the first member of the ensemble), if any.</summary>
    public IClassifierModel? Selector => _selectors.Count == 0 ? null : _selectors[0];

    /// <summary>Every member of the selector ensemble (<see cref="TameOptions.SelectorEnsembleSize"/>); routing adds their log-probabilities.</summary>
    public IReadOnlyList<IClassifierModel> SelectorMembers => _selectors;

    /// <summary>True when experts or the selector buffer changed since the selector was trained.</summary>
    public bool SelectorIsStale { get; private set; } = true;

    /// <summary>Image size fixed by the first batch.</summary>
    public (int Height, int Width)? ImageSize { get; private set; }

    /// <summary>Observes one labelled batch (labels within-task, 0..C−1): decides the expert before training, then trains it.</summary>
    public TameDecision ObserveBatch(LearnerBatch batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckBatch(batch);
        long seq = _sequence++;
        if (_experts.Count == 0)
        {
            var first = CreateExpert();
            ActivateExpert(first, seq);
            var features = first.Inputs.Features(batch.Pixels, batch.Count);
            double loss = first.Model.Loss(batch);
            var assignment = Commit(first, seq, batch, features, loss, double.NaN);
            return new TameDecision(seq, first.Id, SwitchKind.NewExpert, null, false, [assignment], loss,
                first.Threshold, null, first.InputThreshold, "first batch", 1);
        }
        return Options.Detection == TameDetection.Classic ? ClassicStep(seq, batch) : RobustStep(seq, batch);
    }

    /// <summary>Resolves a held batch at the end of a stream (assigning it to the active expert); null when nothing is held.</summary>
    public TameDecision? Flush()
    {
        if (_pending.Count == 0) return null;
        var active = _experts[ActiveExpert];
        var first = _pending[0];
        var assignments = _pending.Select(p => CommitUnscored(active, p.Sequence, p.Batch)).ToList();
        _pending.Clear();
        return new TameDecision(first.Sequence, active.Id, SwitchKind.Rejected, null, false, assignments, first.Loss, active.Threshold,
            NaNToNull(first.InputShift), active.InputThreshold, "end of stream: " + first.Reason, 0);
    }

    /// <summary>Removes a sample from the selector and pruning buffers (a deletion); true when it was held. Marks the selector stale.</summary>
    public bool RemoveSample(string sampleId)
    {
        bool removed = _selectorBuffer.Remove(sampleId) | _pruneBuffer.Remove(sampleId);
        if (removed) SelectorIsStale = true;
        return removed;
    }

    /// <summary>Removes every buffered sample of an owner; returns how many selector-buffer samples went.</summary>
    public int RemoveOwner(string ownerId)
    {
        int n = _selectorBuffer.RemoveOwner(ownerId);
        _pruneBuffer.RemoveOwner(ownerId);
        if (n > 0) SelectorIsStale = true;
        return n;
    }

    private void CheckBatch(LearnerBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Validate();
        if (ImageSize is { } size && (size.Height != batch.Height || size.Width != batch.Width))
            throw new ArgumentException($"batch images are {batch.Height}×{batch.Width}, this learner takes {size.Height}×{size.Width}.", nameof(batch));
        if (Options.ExpertAugmentation && (batch.Height != batch.Width || Options.ExpertMaxShift >= batch.Width))
            throw new ArgumentException($"expert augmentation needs square images larger than the shift of {Options.ExpertMaxShift} pixels " +
                $"(batch images are {batch.Height}×{batch.Width}).", nameof(batch));
        foreach (var l in batch.Labels)
            if (l >= Options.ClassesPerTask)
                throw new ArgumentException($"label {l} is outside the within-task range 0..{Options.ClassesPerTask - 1}.", nameof(batch));
        ImageSize ??= (batch.Height, batch.Width);
    }

    private TameExpert CreateExpert()
    {
        var (h, w) = ImageSize!.Value;
        var model = _expertFactory.Create(Options.ClassesPerTask, new OptimizerSettings(Options.LearningRate, Options.Momentum, Options.WeightDecay,
            Options.ExpertWeightAveraging));
        var expert = new TameExpert(_experts.Count, model, Options, h, w);
        _experts.Add(expert);
        SelectorIsStale = true;
        return expert;
    }

    private void ActivateExpert(TameExpert expert, long sequence)
    {
        ActiveExpert = expert.Id;
        _activeSince = sequence;
    }

    /// <summary>Trains <paramref name="expert"/> on the batch after recording its pre-update loss and input score, and buffers the samples.</summary>
    private BatchAssignment Commit(TameExpert expert, long seq, LearnerBatch batch, double[] features, double loss, double inputShift,
        ITrainingStep? step = null)
    {
        if (!double.IsFinite(loss))
            throw new InvalidOperationException($"expert {expert.Id} diverged (loss {loss}) at batch {seq}; lower TameOptions.LearningRate.");
        double a = Options.Smoothing;
        expert.ActiveSmoothedLoss = expert.ActiveSmoothedLoss is { } prev ? a * loss + (1 - a) * prev : loss;
        if (Options.Detection == TameDetection.Robust) expert.SmoothedLoss = expert.ActiveSmoothedLoss;
        expert.LossWindow.Push(loss);
        if (!double.IsNaN(inputShift) && expert.Inputs.Count >= Options.InputWarmupSamples) expert.InputWindow.Push(inputShift);
        if (Options.Detection == TameDetection.Robust) expert.Inputs.Add(features);
        return CommitUnscored(expert, seq, batch, step);
    }

    /// <summary>Trains and buffers without touching the detection state (for a rejected spike).</summary>
    private BatchAssignment CommitUnscored(TameExpert expert, long seq, LearnerBatch batch, ITrainingStep? step = null)
    {
        if (step is null) expert.Model.TrainStep(TrainingView(batch));
        else step.Commit();
        expert.TrainedBatches++;
        expert.TrainedSamples += batch.Count;
        Buffer(expert.Id, batch);
        return new BatchAssignment(seq, expert.Id, batch.SampleIds);
    }

    /// <summary>What an expert's optimiser step sees: the batch itself, or with <see cref="TameOptions.ExpertAugmentation"/> a copy
    /// whose images are shifted and mirrored at random (labels, ids and the stored batch unchanged).</summary>
    private LearnerBatch TrainingView(LearnerBatch batch)
    {
        if (!Options.ExpertAugmentation) return batch;
        var pixels = (float[])batch.Pixels.Clone();
        ShiftFlipAugmentation.Apply(pixels, batch.Count, batch.Width, Options.ExpertMaxShift, _augmentRng, Options.ExpertFlip);
        return batch with { Pixels = pixels };
    }

    private void Buffer(int expert, LearnerBatch batch)
    {
        int pps = batch.PixelsPerSample, c = Options.ClassesPerTask;
        for (int i = 0; i < batch.Count; i++)
        {
            string id = batch.SampleIds[i];
            double priority = SamplePriority.Of(id, Options.Seed);
            bool toSelector = !_selectorBuffer.Contains(id) && _selectorBuffer.WouldAccept(expert * c + batch.Labels[i], priority);
            bool toPrune = !_pruneBuffer.Contains(id) && _pruneBuffer.WouldAccept(expert, priority);
            if (!toSelector && !toPrune) continue;
            var sample = new BufferedSample(id, batch.OwnerIds[i], batch.Pixels.AsSpan(i * pps, pps).ToArray(), batch.Labels[i], expert, priority);
            if (toSelector && _selectorBuffer.Offer(sample)) SelectorIsStale = true;
            if (toPrune) _pruneBuffer.Offer(sample);
        }
    }

    private static double? NaNToNull(double v) => double.IsNaN(v) ? null : v;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var e in _experts) e.Dispose();
        foreach (var s in _selectors) s.Dispose();
    }
}
