using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime.InMemory;

/// <summary>Grain state in process memory with ETags (a counter per write); for tests and the in-process cluster.</summary>
public sealed class InMemoryGrainStateStore : IGrainStateStore
{
    private readonly Dictionary<GrainId, StoredState> _states = new();
    private readonly StoreOutageSwitch _outage;
    private long _version;

    public InMemoryGrainStateStore(StoreOutageSwitch? outage = null) => _outage = outage ?? new StoreOutageSwitch();

    public Task<StoredState?> ReadAsync(GrainId grain, CancellationToken cancellationToken = default)
    {
        _outage.ThrowIfDown("grain state");
        lock (_states) return Task.FromResult(_states.TryGetValue(grain, out var s) ? new StoredState(s.Data.ToArray(), s.ETag) : null);
    }

    public Task<string> WriteAsync(GrainId grain, byte[] data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        _outage.ThrowIfDown("grain state");
        lock (_states)
        {
            Check(grain, expectedETag);
            string etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _states[grain] = new StoredState(data.ToArray(), etag);
            return Task.FromResult(etag);
        }
    }

    public Task ClearAsync(GrainId grain, string? expectedETag, CancellationToken cancellationToken = default)
    {
        _outage.ThrowIfDown("grain state");
        lock (_states)
        {
            Check(grain, expectedETag);
            _states.Remove(grain);
        }
        return Task.CompletedTask;
    }

    private void Check(GrainId grain, string? expected)
    {
        string? current = _states.TryGetValue(grain, out var s) ? s.ETag : null;
        if (current != expected)
            throw new InconsistentStateException($"State of {grain} has ETag '{current ?? "none"}', the writer expected '{expected ?? "none"}'.", expected, current);
    }
}
