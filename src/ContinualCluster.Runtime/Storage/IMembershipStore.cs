namespace ContinualCluster.Runtime.Storage;

/// <summary>The cluster's membership table: silos join, renew heartbeats, leave, and are declared dead.</summary>
public interface IMembershipStore
{
    /// <summary>Inserts a new (silo id, generation) row; a row that already exists is an error.</summary>
    Task RegisterAsync(MembershipEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Renews a live row's heartbeat to <paramref name="now"/>. Returns false (and changes nothing) when the row is
    /// Dead or missing: the silo must then stop serving.
    /// </summary>
    Task<bool> HeartbeatAsync(string siloId, long generation, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Moves a row to <paramref name="status"/> unless it is already Dead (Dead is final). Returns whether it changed.</summary>
    Task<bool> SetStatusAsync(string siloId, long generation, SiloStatus status, CancellationToken cancellationToken = default);

    /// <summary>
    /// Declares a row Dead only if its heartbeat is still older than <paramref name="heartbeatBefore"/> (a silo that
    /// renewed in the meantime survives). Returns whether this call declared it dead.
    /// </summary>
    Task<bool> DeclareDeadAsync(string siloId, long generation, DateTimeOffset heartbeatBefore, CancellationToken cancellationToken = default);

    /// <summary>Every row, dead ones included.</summary>
    Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken = default);
}
