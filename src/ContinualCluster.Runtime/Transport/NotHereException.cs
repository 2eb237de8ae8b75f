using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime.Transport;

/// <summary>The silo asked does not host the grain; <see cref="Entry"/> says where the directory puts it, if anywhere.</summary>
internal sealed class NotHereException : Exception
{
    public NotHereException(DirectoryEntry? entry)
        : base(entry is null ? "The grain is not hosted here." : $"The grain lives on silo {entry.SiloId}.") => Entry = entry;

    public DirectoryEntry? Entry { get; }
}
