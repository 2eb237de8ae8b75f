namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>The ids that one slice contributed to a checkpoint (ids only: no raw data is kept in lineage).</summary>
public sealed record SliceLineage(int Shard, int Slice, IReadOnlyList<string> Ids);
