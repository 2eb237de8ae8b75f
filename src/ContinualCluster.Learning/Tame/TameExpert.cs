using ContinualCluster.Learning.Models;

namespace ContinualCluster.Learning.Tame;

/// <summary>One TAME expert: its network and its switch-detection state (loss window, smoothed losses, frozen thresholds, input statistics).</summary>
public sealed class TameExpert : IDisposable
{
    internal TameExpert(int id, IClassifierModel model, TameOptions options, int height, int width)
    {
        Id = id;
        Model = model;
        LossWindow = new LossWindow(options.WindowSize, Math.Log(options.ClassesPerTask));
        InputWindow = new LossWindow(options.WindowSize);
        Inputs = new InputStatistics(height, width, options.InputPool, options.InputRidge);
    }

    public int Id { get; }

    public IClassifierModel Model { get; }

    /// <summary>Pre-update losses of the batches this expert trained on (length W, seeded with ln C).</summary>
    public LossWindow LossWindow { get; }

    /// <summary>Input shift scores of the batches this expert trained on (robust detection).</summary>
    public LossWindow InputWindow { get; }

    /// <summary>Running statistics of the inputs this expert trained on.</summary>
    public InputStatistics Inputs { get; }

    /// <summary>Smoothed loss over every batch it scored (TAME's L̃_k); null before the first.</summary>
    public double? SmoothedLoss { get; internal set; }

    /// <summary>Smoothed loss over the batches where it was active (used to judge reuse); null before the first.</summary>
    public double? ActiveSmoothedLoss { get; internal set; }

    /// <summary>Loss threshold τ_k, recomputed while active and frozen when the expert is deactivated.</summary>
    public double Threshold { get; internal set; } = double.PositiveInfinity;

    /// <summary>Input-shift threshold, frozen like <see cref="Threshold"/>.</summary>
    public double InputThreshold { get; internal set; } = double.PositiveInfinity;

    public long TrainedBatches { get; internal set; }

    public long TrainedSamples { get; internal set; }

    /// <summary>Times this expert was chosen again after another had been active.</summary>
    public int Reuses { get; internal set; }

    /// <summary>Parameters before pruning (set when pruned).</summary>
    public long? ParametersBeforePruning { get; internal set; }

    public void Dispose() => Model.Dispose();
}
