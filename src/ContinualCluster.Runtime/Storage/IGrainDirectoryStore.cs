namespace ContinualCluster.Runtime.Storage;

/// <summary>The store-backed grain directory that guarantees at most one activation per grain in the cluster.</summary>
public interface IGrainDirectoryStore
{
    /// <summary>Inserts the entry if the grain has none and returns the entry that holds afterwards (ours or the existing one).</summary>
    Task<DirectoryEntry> RegisterIfAbsentAsync(DirectoryEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The current entry for a grain, or null.</summary>
    Task<DirectoryEntry?> LookupAsync(GrainId grain, CancellationToken cancellationToken = default);

    /// <summary>Removes the grain's entry only if it still names this silo generation. Returns whether it did.</summary>
    Task<bool> UnregisterAsync(GrainId grain, string siloId, long generation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the grain's entry with <paramref name="replacement"/> only if it still names the (dead) owner given.
    /// Returns the entry that holds afterwards.
    /// </summary>
    Task<DirectoryEntry> TakeOverAsync(DirectoryEntry replacement, string deadSiloId, long deadGeneration, CancellationToken cancellationToken = default);

    /// <summary>Removes every entry owned by a silo generation (after it was declared dead or left). Returns how many.</summary>
    Task<int> RemoveSiloAsync(string siloId, long generation, CancellationToken cancellationToken = default);
}
