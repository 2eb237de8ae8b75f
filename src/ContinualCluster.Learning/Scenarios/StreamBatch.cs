namespace ContinualCluster.Learning.Scenarios;

/// <summary>One batch of a scenario's stream: its position, what the learner sees, and the hidden truth kept beside it for evaluation.</summary>
public sealed record StreamBatch(int Index, LearnerBatch Batch, BatchTruth Truth);
