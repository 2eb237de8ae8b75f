namespace ContinualCluster.Runtime.Placement;

/// <summary>A silo's load as last reported: activation count and free memory under its budget.</summary>
public sealed record SiloLoad(int Activations, long FreeMemoryBytes);
