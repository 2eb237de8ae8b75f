namespace ContinualCluster.Learning.Datasets;

/// <summary>One labelled image with its stable id and the id of the owner whose data it is.</summary>
public sealed record Sample(string Id, string OwnerId, int Label, float[] Pixels);
