namespace ContinualCluster.Runtime.Storage;

/// <summary>Where a grain's single activation lives: the owning silo generation and its endpoint.</summary>
public sealed record DirectoryEntry(GrainId Grain, string SiloId, long Generation, string Endpoint);
