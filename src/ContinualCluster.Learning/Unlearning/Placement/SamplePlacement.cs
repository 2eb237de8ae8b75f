namespace ContinualCluster.Learning.Unlearning.Placement;

/// <summary>Where one deletable sample lives: its stable id, its owner and its (shard, slice), fixed at ingestion.</summary>
public sealed record SamplePlacement(string SampleId, string OwnerId, int Shard, int Slice);
