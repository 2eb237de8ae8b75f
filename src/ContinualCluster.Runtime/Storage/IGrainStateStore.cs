namespace ContinualCluster.Runtime.Storage;

/// <summary>Durable grain state with optimistic concurrency: every write names the ETag it expects to replace.</summary>
public interface IGrainStateStore
{
    /// <summary>Reads a grain's state, or null when none was ever written (or it was cleared).</summary>
    Task<StoredState?> ReadAsync(GrainId grain, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a grain's state when the stored ETag equals <paramref name="expectedETag"/> (null: no state stored yet)
    /// and returns the new ETag; otherwise throws <see cref="InconsistentStateException"/> and changes nothing.
    /// </summary>
    Task<string> WriteAsync(GrainId grain, byte[] data, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Removes a grain's state under the same ETag rule as <see cref="WriteAsync"/>.</summary>
    Task ClearAsync(GrainId grain, string? expectedETag, CancellationToken cancellationToken = default);
}
