using ContinualCluster.Learning.Unlearning.Metrics;
using ContinualCluster.Learning.Unlearning.S3T;

namespace ContinualCluster.Bench.Unlearning;

/// <summary>Every S3T / SISA / full-retraining figure of one benchmark run (JSON-serialisable).</summary>
internal sealed record S3TBenchResult(
    IReadOnlyList<int> TaskClasses,
    int TaskSamples,
    double S3TAccuracy,
    double FullModelAccuracy,
    double SisaAccuracy,
    RetrainingCost S3TInitialCost,
    RetrainingCost SisaInitialCost,
    RetrainingCost FullInitialCost,
    LatencySummary S3TDeleteLatency,
    LatencySummary S3TSameDeletionLatency,
    LatencySummary SisaDeleteLatency,
    LatencySummary FullRetrainDeleteLatency,
    int SisaStagesPerDeletion,
    IReadOnlyList<DeletionStep> Steps,
    RetrainingCost S3TBackgroundCost,
    IReadOnlyList<DegradationPoint> Degradation);
