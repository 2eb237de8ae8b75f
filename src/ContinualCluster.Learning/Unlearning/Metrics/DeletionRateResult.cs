namespace ContinualCluster.Learning.Unlearning.Metrics;

/// <summary>Simulated deletion rate δ (uniform random deletions until every shard is dead) beside its closed form.</summary>
public sealed record DeletionRateResult(
    string Method,
    int Shards,
    int Slices,
    int Budget,
    int Trials,
    double Measured,
    double StandardError,
    double Predicted)
{
    /// <summary>|measured − predicted| / predicted.</summary>
    public double RelativeError => Math.Abs(Measured - Predicted) / Predicted;
}
