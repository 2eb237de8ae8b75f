namespace ContinualCluster.Bench.Product;

/// <summary>Deletion round trips: p50 and p99 over the measured requests, and the slowest first call through a silo (measured apart).</summary>
public sealed record DeletionLatency(double P50, double P99, int Count, double FirstCalls);
