namespace ContinualCluster.Abstractions.Api;

/// <summary>One model that serves predictions after a deletion: its name, version and served prefix length.</summary>
public sealed record ServedModel(string Model, long Version, int Prefix, int Slices);
