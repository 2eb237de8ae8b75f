using ContinualCluster.Learning.Unlearning.S3T;

namespace ContinualCluster.Learning.Unlearning.Metrics;

/// <summary>
/// Served accuracy after a cumulative fraction of the samples was deleted: right after the deletions (only the live
/// shards' surviving prefixes serve; null when none is live) and after background retraining finished.
/// </summary>
public sealed record DeletionStep(
    double FractionDeleted,
    int Deleted,
    int LiveShardsBeforeRetrain,
    double MeanServedPrefixBeforeRetrain,
    double? AccuracyBeforeRetrain,
    double AccuracyAfterRetrain,
    RetrainingCost BackgroundCostSoFar,
    LineageCheck Lineage);
