namespace ContinualCluster.Grains.Engine;

/// <summary>Where an ingested sample went: its expert, owner and global label (no pixels: those live in the expert's store).</summary>
public sealed record SampleRecord(string Id, string Owner, int Label, int Expert, long Batch);
