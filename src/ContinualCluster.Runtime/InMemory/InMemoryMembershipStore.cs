using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime.InMemory;

/// <summary>The membership table in process memory, with the same conditional rules as the SQL stores.</summary>
public sealed class InMemoryMembershipStore : IMembershipStore
{
    private readonly Dictionary<(string, long), MembershipEntry> _rows = new();
    private readonly StoreOutageSwitch _outage;

    public InMemoryMembershipStore(StoreOutageSwitch? outage = null) => _outage = outage ?? new StoreOutageSwitch();

    public Task RegisterAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        _outage.ThrowIfDown("membership");
        lock (_rows)
        {
            if (!_rows.TryAdd((entry.SiloId, entry.Generation), entry))
                throw new InvalidOperationException($"Silo {entry.SiloId} generation {entry.Generation} is already registered.");
        }
        return Task.CompletedTask;
    }

    public Task<bool> HeartbeatAsync(string siloId, long generation, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        _outage.ThrowIfDown("membership");
        lock (_rows)
        {
            if (!_rows.TryGetValue((siloId, generation), out var row) || row.Status == SiloStatus.Dead) return Task.FromResult(false);
            _rows[(siloId, generation)] = row with { LastHeartbeat = now };
            return Task.FromResult(true);
        }
    }

    public Task<bool> SetStatusAsync(string siloId, long generation, SiloStatus status, CancellationToken cancellationToken = default)
    {
        _outage.ThrowIfDown("membership");
        lock (_rows)
        {
            if (!_rows.TryGetValue((siloId, generation), out var row) || row.Status == SiloStatus.Dead) return Task.FromResult(false);
            _rows[(siloId, generation)] = row with { Status = status };
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeclareDeadAsync(string siloId, long generation, DateTimeOffset heartbeatBefore, CancellationToken cancellationToken = default)
    {
        _outage.ThrowIfDown("membership");
        lock (_rows)
        {
            if (!_rows.TryGetValue((siloId, generation), out var row) || row.Status == SiloStatus.Dead || row.LastHeartbeat >= heartbeatBefore)
                return Task.FromResult(false);
            _rows[(siloId, generation)] = row with { Status = SiloStatus.Dead };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        _outage.ThrowIfDown("membership");
        lock (_rows) return Task.FromResult<IReadOnlyList<MembershipEntry>>(_rows.Values.ToList());
    }
}
