namespace ContinualCluster.Learning.Scenarios;

/// <summary>A batch of one task's test data: the learner's view (within-task labels) and the global classes.</summary>
public sealed record EvaluationBatch(int TaskId, LearnerBatch Batch, int[] GlobalLabels);
