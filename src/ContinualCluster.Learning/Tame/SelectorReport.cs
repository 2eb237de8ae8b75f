namespace ContinualCluster.Learning.Tame;

/// <summary>How the selector was trained: buffer size, outputs, epochs, accuracy on the buffer before and after pruning, parameter counts, time.</summary>
public sealed record SelectorReport(
    int BufferSamples,
    int Experts,
    int Outputs,
    int Epochs,
    int FineTuneEpochs,
    double BufferAccuracyBeforePruning,
    double BufferAccuracyAfterPruning,
    double BufferAccuracyAfterFineTune,
    long Parameters,
    long NonZeroParametersAfterPruning,
    double Seconds)
{
    /// <summary>Selectors trained (each on the whole buffer, from its own initialisation and shuffles); accuracies are their means, parameters their sums.</summary>
    public int EnsembleSize { get; init; } = 1;

    /// <summary>Members trained on shifted and flipped buffer images (<see cref="TameOptions.SelectorAugmentedMembers"/>).</summary>
    public int AugmentedMembers { get; init; }
}
