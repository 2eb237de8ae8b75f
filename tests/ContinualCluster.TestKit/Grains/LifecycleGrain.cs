using System.Collections.Concurrent;
using ContinualCluster.Runtime;

namespace ContinualCluster.TestKit.Grains;

/// <summary>Implements <see cref="ILifecycleGrain"/>; <see cref="Events"/> is a process-wide journal tests read.</summary>
public sealed class LifecycleGrain : Grain, ILifecycleGrain
{
    public static readonly ConcurrentQueue<string> Events = new();

    private long _bytes;
    private int _ticks;

    public override long EstimatedMemoryBytes => _bytes;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Events.Enqueue($"activate {GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Events.Enqueue($"deactivate {GetPrimaryKeyString()} {reason}");
        return Task.CompletedTask;
    }

    public Task TouchAsync(long estimatedBytes)
    {
        _bytes = estimatedBytes;
        return Task.CompletedTask;
    }

    public Task<int> TicksAsync() => Task.FromResult(_ticks);

    public Task StartTimerAsync(int periodMs)
    {
        RegisterTimer(_ => { _ticks++; return Task.CompletedTask; }, TimeSpan.FromMilliseconds(periodMs), TimeSpan.FromMilliseconds(periodMs));
        return Task.CompletedTask;
    }

    public Task<string> WhereAsync() => Task.FromResult(SiloId);
}
