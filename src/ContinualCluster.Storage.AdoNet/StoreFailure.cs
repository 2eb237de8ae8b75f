namespace ContinualCluster.Storage.AdoNet;

/// <summary>What a vendor exception means to the stores, as a <see cref="SqlDialect"/> classifies it.</summary>
public enum StoreFailure
{
    /// <summary>Not a store failure (a bug, a caller's cancellation): let it through unchanged.</summary>
    None,

    /// <summary>The store failed or timed out for another reason (a lock wait ran out, a bad file, a server error).</summary>
    Unavailable,

    /// <summary>The connection to the store broke or could not be made: pooled connections are suspect.</summary>
    ConnectionLost,

    /// <summary>A row with the same key exists (a unique or primary-key constraint refused the insert).</summary>
    UniqueViolation,

    /// <summary>The store refused the statement to keep concurrent transactions serial (busy, deadlock, serialization); retrying may succeed.</summary>
    SerializationFailure,
}
