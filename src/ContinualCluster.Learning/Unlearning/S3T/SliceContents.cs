namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>The live samples of one slice by reference (ids in ordinal order, labels, each sample's pixel array).</summary>
public sealed record SliceContents(int Shard, int Slice, string[] Ids, int[] Labels, float[][] Pixels);
