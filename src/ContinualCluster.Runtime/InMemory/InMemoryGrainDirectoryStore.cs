using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime.InMemory;

/// <summary>The grain directory in process memory: insert-if-absent and conditional takeover under one lock.</summary>
public sealed class InMemoryGrainDirectoryStore : IGrainDirectoryStore
{
    private readonly Dictionary<GrainId, DirectoryEntry> _entries = new();
    private readonly StoreOutageSwitch _outage;

    public InMemoryGrainDirectoryStore(StoreOutageSwitch? outage = null) => _outage = outage ?? new StoreOutageSwitch();

    public Task<DirectoryEntry> RegisterIfAbsentAsync(DirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        _outage.ThrowIfDown("grain directory");
        lock (_entries)
        {
            if (!_entries.TryGetValue(entry.Grain, out var existing)) _entries[entry.Grain] = existing = entry;
            return Task.FromResult(existing);
        }
    }

    public Task<DirectoryEntry?> LookupAsync(GrainId grain, CancellationToken cancellationToken = default)
    {
        _outage.ThrowIfDown("grain directory");
        lock (_entries) return Task.FromResult(_entries.TryGetValue(grain, out var e) ? e : null);
    }

    public Task<bool> UnregisterAsync(GrainId grain, string siloId, long generation, CancellationToken cancellationToken = default)
    {
        _outage.ThrowIfDown("grain directory");
        lock (_entries)
        {
            if (!_entries.TryGetValue(grain, out var e) || e.SiloId != siloId || e.Generation != generation) return Task.FromResult(false);
            return Task.FromResult(_entries.Remove(grain));
        }
    }

    public Task<DirectoryEntry> TakeOverAsync(DirectoryEntry replacement, string deadSiloId, long deadGeneration, CancellationToken cancellationToken = default)
    {
        _outage.ThrowIfDown("grain directory");
        lock (_entries)
        {
            if (!_entries.TryGetValue(replacement.Grain, out var e) || (e.SiloId == deadSiloId && e.Generation == deadGeneration))
                _entries[replacement.Grain] = e = replacement;
            return Task.FromResult(e);
        }
    }

    public Task<int> RemoveSiloAsync(string siloId, long generation, CancellationToken cancellationToken = default)
    {
        _outage.ThrowIfDown("grain directory");
        lock (_entries)
        {
            var gone = _entries.Where(kv => kv.Value.SiloId == siloId && kv.Value.Generation == generation).Select(kv => kv.Key).ToList();
            foreach (var g in gone) _entries.Remove(g);
            return Task.FromResult(gone.Count);
        }
    }
}
