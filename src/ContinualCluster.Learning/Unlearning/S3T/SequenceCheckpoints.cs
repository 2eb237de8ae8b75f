namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>The stored clean prefix of one training sequence of a shard: its slice order and stage checkpoints 1..n.</summary>
public sealed record SequenceCheckpoints(int Sequence, IReadOnlyList<int> Order, IReadOnlyList<StageCheckpoint> Stages);
