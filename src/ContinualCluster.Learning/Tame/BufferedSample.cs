namespace ContinualCluster.Learning.Tame;

/// <summary>A sample kept in a TAME buffer: its ids, pixels, within-task label, the expert that was active when it was trained, and its random priority.</summary>
public sealed record BufferedSample(string Id, string OwnerId, float[] Pixels, int Label, int Expert, double Priority);
