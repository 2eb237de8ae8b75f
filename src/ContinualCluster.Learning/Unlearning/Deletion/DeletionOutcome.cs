namespace ContinualCluster.Learning.Unlearning.Deletion;

/// <summary>The outcome for one sample id (or, for an unknown owner, the owner id) of a deletion request.</summary>
public sealed record DeletionOutcome(string Subject, DeletionStatus Status, int? Shard = null, int? Slice = null);
