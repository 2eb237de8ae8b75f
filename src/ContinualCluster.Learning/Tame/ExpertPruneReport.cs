namespace ContinualCluster.Learning.Tame;

/// <summary>One expert's pruning: parameters before and after, accuracy on its C_p buffer before pruning, right after, and after retraining.</summary>
public sealed record ExpertPruneReport(
    int Expert,
    int BufferSamples,
    long ParametersBefore,
    long NonZeroParametersAfter,
    double BufferAccuracyBefore,
    double BufferAccuracyAfterPruning,
    double BufferAccuracyAfterRetraining,
    double Seconds);
