using ContinualCluster.Learning.Metrics;

namespace ContinualCluster.Learning.Tame;

/// <summary>Everything one TAME run on a scenario measured, as JSON-serialisable data.</summary>
public sealed record TameRunReport
{
    public required string Scenario { get; init; }
    public required string Detection { get; init; }
    public required string ExpertModel { get; init; }
    public required string SelectorTarget { get; init; }
    public required int Batches { get; init; }
    public required int Tasks { get; init; }
    public required int Segments { get; init; }
    public required int Experts { get; init; }
    public required int MergedExperts { get; init; }
    public required int Reuses { get; init; }
    public required int RejectedSuspicions { get; init; }
    public required Dictionary<int, int> TaskOfExpert { get; init; }
    public required SwitchEvaluation Switches { get; init; }
    public required double[][] AccuracyMatrix { get; init; }
    public required double[] UntrainedBaseline { get; init; }
    public required TransferMetrics Transfer { get; init; }
    public required RoutedAccuracy Routed { get; init; }
    public required SelectorReport Selector { get; init; }
    public required long ExpertParameters { get; init; }
    public required long SelectorParameters { get; init; }
    public required long SelectorNonZeroParameters { get; init; }
    public IReadOnlyList<ExpertPruneReport>? ExpertPruning { get; init; }
    public RoutedAccuracy? RoutedAfterExpertPruning { get; init; }
    public long? ExpertNonZeroParametersAfterPruning { get; init; }
    public required double MeanScoredExpertsPerBatch { get; init; }
    public required double MedianMsPerBatchOneExpert { get; init; }
    public required double MedianMsPerBatchLastSegment { get; init; }
    public required double TrainSeconds { get; init; }
    public required double SelectorSeconds { get; init; }
    public required double EvaluationSeconds { get; init; }
    public double PruningSeconds { get; init; }
    public required double TotalSeconds { get; init; }
}
