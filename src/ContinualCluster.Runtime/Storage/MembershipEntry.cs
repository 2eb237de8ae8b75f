namespace ContinualCluster.Runtime.Storage;

/// <summary>One silo generation's membership row: where it listens, what it offers and whether it is alive.</summary>
public sealed record MembershipEntry(
    string SiloId,
    long Generation,
    string Endpoint,
    IReadOnlyDictionary<string, string> Labels,
    SiloStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset LastHeartbeat);
