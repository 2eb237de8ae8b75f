namespace ContinualCluster.Bench.Product;

/// <summary>What predictions saw while deletions made shards retrain: failed and served images, latency, errors by kind.</summary>
public sealed record RetrainingLoad(long Failed, long Served, long RoutedAround, int JobsSeen, double Seconds, double P50, double P99, string Errors);
