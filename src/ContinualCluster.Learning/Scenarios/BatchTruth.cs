namespace ContinualCluster.Learning.Scenarios;

/// <summary>What the evaluator knows and the learner does not: the batch's (majority) task, its schedule segment, and each sample's task and global class.</summary>
public sealed record BatchTruth(int TaskId, int Segment, int Epoch, int[] SampleTaskIds, int[] GlobalLabels);
