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
    /// <summary>Switch points (the first batch each new or reused expert trained on) against the true boundaries.</summary>
    public required SwitchEvaluation Switches { get; init; }
    /// <summary>Per detected switch: batches between its switch point and the call that decided it (1 with confirmation: the held batch waits).</summary>
    public required int[] DecisionLatencies { get; init; }
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
    /// <summary>Interleaved probe (see <see cref="TameRunOptions.CostProbeBatches"/>): median ms per batch with one expert and with all.</summary>
    public double? ProbeMsOneExpert { get; init; }
    public double? ProbeMsAllExperts { get; init; }
    public required double TrainSeconds { get; init; }
    public required double SelectorSeconds { get; init; }
    public required double EvaluationSeconds { get; init; }
    public double PruningSeconds { get; init; }
    /// <summary>Wall time of training, selector and evaluation (pruning and the cost probe excluded).</summary>
    public required double TotalSeconds { get; init; }
    /// <summary>Process CPU seconds of the same phases: close to a quiet machine's wall time when torch runs one thread.</summary>
    public required double TrainCpuSeconds { get; init; }
    public required double SelectorCpuSeconds { get; init; }
    public required double EvaluationCpuSeconds { get; init; }
    public double PruningCpuSeconds { get; init; }
    public required double TotalCpuSeconds { get; init; }
}
