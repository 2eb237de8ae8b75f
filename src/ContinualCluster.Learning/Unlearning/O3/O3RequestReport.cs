namespace ContinualCluster.Learning.Unlearning.O3;

/// <summary>What one unlearning request did: which of its samples were "used", the final loss terms and the gate's fitted Gaussians.</summary>
public sealed record O3RequestReport(
    string RequestId,
    IReadOnlyList<int> UsedIndices,
    int RestSamples,
    double FinalCrossEntropy,
    double FinalOrthogonality,
    SoftGate Gate,
    double Seconds);
