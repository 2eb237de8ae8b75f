using ContinualCluster.Runtime.Storage;

namespace ContinualCluster.Runtime.InMemory;

/// <summary>Makes the in-memory stores unavailable on demand, to test how the cluster behaves while its store is down.</summary>
public sealed class StoreOutageSwitch
{
    private volatile bool _down;

    public bool IsDown => _down;

    public void TakeDown() => _down = true;

    public void Restore() => _down = false;

    /// <summary>Throws <see cref="StoreUnavailableException"/> while the store is down.</summary>
    public void ThrowIfDown(string store)
    {
        if (_down) throw new StoreUnavailableException($"The {store} store is unavailable (simulated outage).");
    }
}
