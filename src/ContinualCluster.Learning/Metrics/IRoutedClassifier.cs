using ContinualCluster.Learning.Scenarios;

namespace ContinualCluster.Learning.Metrics;

/// <summary>A multi-expert learner as the evaluator sees it: route-and-predict without a task id, or predict with a named expert.</summary>
public interface IRoutedClassifier
{
    /// <summary>Number of experts.</summary>
    int ExpertCount { get; }

    /// <summary>Routes each sample to an expert and returns that expert's within-task label.</summary>
    IReadOnlyList<RoutedPrediction> PredictRouted(LearnerBatch batch);

    /// <summary>Within-task labels from expert <paramref name="expert"/> for every sample.</summary>
    int[] PredictWithExpert(int expert, LearnerBatch batch);
}
