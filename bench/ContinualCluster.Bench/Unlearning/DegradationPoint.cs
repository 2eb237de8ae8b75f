namespace ContinualCluster.Bench.Unlearning;

/// <summary>Served state after a number of deletions with no retraining: live shards, mean served prefix, accuracy.</summary>
internal sealed record DegradationPoint(int Deleted, int LiveShards, double MeanPrefix, double? Accuracy);
