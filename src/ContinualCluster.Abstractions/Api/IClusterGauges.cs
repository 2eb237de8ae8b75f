namespace ContinualCluster.Abstractions;

/// <summary>Cluster-wide gauges the metrics route exports: pending deletions, retraining jobs, activations per silo.</summary>
public interface IClusterGauges
{
    int DeletionsPending { get; }
    int RetrainingJobs { get; }
    IReadOnlyDictionary<string, int> ActivationsPerSilo { get; }
}
