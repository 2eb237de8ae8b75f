namespace ContinualCluster.Grains.Engine;

/// <summary>Sample ids whose expert is now final.</summary>
public sealed record ExpertAssignment(int Expert, string[] SampleIds);
