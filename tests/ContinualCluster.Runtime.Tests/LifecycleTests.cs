using ContinualCluster.TestKit.Cluster;
using ContinualCluster.TestKit.Grains;
using Xunit;

namespace ContinualCluster.Runtime.Tests;

/// <summary>Activation lifecycle: timers, idle collection, LRU eviction under a memory budget.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Timers_tick_as_turns_and_idle_activations_are_collected()
    {
        await using var cluster = await InProcessCluster.StartAsync(1, o => o.IdleCollectionAge = TimeSpan.FromSeconds(1));
        var g = cluster.Client.GetGrain<ILifecycleGrain>("idle-timer");
        await g.StartTimerAsync(20);
        // Poll rather than sleep a fixed time: on a loaded 2-core machine a 20 ms timer may be late, never absent.
        var ticksBy = DateTime.UtcNow.AddSeconds(5);
        while (await g.TicksAsync() < 3 && DateTime.UtcNow < ticksBy) await Task.Delay(20);
        Assert.True(await g.TicksAsync() >= 3);
        var silo = cluster.Silos[0];
        var idle = cluster.Client.GetGrain<ILifecycleGrain>("idle-plain");
        await idle.TouchAsync(0);
        Assert.Equal(0, silo.CollectNow());
        await Task.Delay(1300);
        Assert.True(silo.CollectNow() >= 1);
        var until = DateTime.UtcNow.AddSeconds(5);
        while (!LifecycleGrain.Events.Contains("deactivate idle-plain IdleCollection") && DateTime.UtcNow < until) await Task.Delay(20);
        Assert.Contains("deactivate idle-plain IdleCollection", LifecycleGrain.Events);
        await idle.TouchAsync(0);
        Assert.Equal(2, LifecycleGrain.Events.Count(e => e == "activate idle-plain"));
    }

    [Fact]
    public async Task Memory_budget_evicts_least_recently_used_heavy_activations_first()
    {
        await using var cluster = await InProcessCluster.StartAsync(1, o => o.MemoryBudgetBytes = 1000);
        var f = cluster.Client;
        for (int i = 0; i < 4; i++) { await f.GetGrain<ILifecycleGrain>($"lru{i}").TouchAsync(300); await Task.Delay(5); }
        await f.GetGrain<ILifecycleGrain>("lru0").TouchAsync(300);
        Assert.Equal(1, cluster.Silos[0].CollectNow());
        var until = DateTime.UtcNow.AddSeconds(5);
        while (cluster.Silos[0].ActivationCount > 3 && DateTime.UtcNow < until) await Task.Delay(20);
        Assert.Contains("deactivate lru1 MemoryPressure", LifecycleGrain.Events);
        Assert.DoesNotContain("deactivate lru0 MemoryPressure", LifecycleGrain.Events);
        Assert.Equal(3, cluster.Silos[0].ActivationCount);
    }
}
