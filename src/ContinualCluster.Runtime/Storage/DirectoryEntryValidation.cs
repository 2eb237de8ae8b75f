namespace ContinualCluster.Runtime.Storage;

/// <summary>The argument checks every grain directory store applies to an entry before it touches the store.</summary>
public static class DirectoryEntryValidation
{
    /// <summary>Throws when the entry lacks a grain type, a key or a silo id.</summary>
    public static void Check(DirectoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrEmpty(entry.Grain.Type) || entry.Grain.Key is null || string.IsNullOrEmpty(entry.SiloId))
            throw new ArgumentException($"directory entry for '{entry.Grain}' needs a grain type, a key and a silo id", nameof(entry));
    }
}
