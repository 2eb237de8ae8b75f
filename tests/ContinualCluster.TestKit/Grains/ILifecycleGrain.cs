using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>Records lifecycle events and timer ticks; its memory estimate is settable for eviction tests.</summary>
public interface ILifecycleGrain : IGrainWithStringKey
{
    Task TouchAsync(long estimatedBytes);

    Task<int> TicksAsync();

    Task StartTimerAsync(int periodMs);

    Task<string> WhereAsync();
}
