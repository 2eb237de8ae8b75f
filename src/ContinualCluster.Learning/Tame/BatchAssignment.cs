namespace ContinualCluster.Learning.Tame;

/// <summary>A batch (by the learner's sequence number) and the expert that was trained on it; every sample id of that batch now belongs to that expert.</summary>
public sealed record BatchAssignment(long Sequence, int Expert, string[] SampleIds);
