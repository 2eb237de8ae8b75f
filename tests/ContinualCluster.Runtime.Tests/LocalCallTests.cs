using ContinualCluster.Runtime;
using ContinualCluster.TestKit.Cluster;
using ContinualCluster.TestKit.Grains;
using Xunit;

namespace ContinualCluster.Runtime.Tests;

/// <summary>Calls on one silo: results, errors, turn-based ordering, read-only and reentrant interleaving.</summary>
public sealed class LocalCallTests
{
    [Fact]
    public async Task Calls_return_results_and_carry_exceptions()
    {
        await using var cluster = await InProcessCluster.StartAsync(1);
        var ping = cluster.Client.GetGrain<IPingGrain>("p");
        Assert.Equal(42, await ping.PingAsync(41));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ping.FailAsync("boom"));
        Assert.Equal("boom", e.Message);
        Assert.Equal(2, await ping.PingAsync(1));
    }

    [Fact]
    public async Task Non_reentrant_grain_runs_one_call_at_a_time_in_order()
    {
        await using var cluster = await InProcessCluster.StartAsync(1);
        var probe = cluster.Client.GetGrain<IProbeGrain>("ordered");
        await probe.LogAsync();
        var calls = Enumerable.Range(0, 20).Select(i => probe.AppendAsync(i, 2)).ToArray();
        var seen = await Task.WhenAll(calls);
        Assert.All(seen, s => Assert.Equal(1, s));
        Assert.Equal(Enumerable.Range(0, 20), await probe.LogAsync());
        Assert.Equal(new[] { 1, 1 }, await probe.MaxConcurrencyAsync());
    }

    [Fact]
    public async Task Read_only_calls_interleave_with_each_other_on_one_thread()
    {
        await using var cluster = await InProcessCluster.StartAsync(1);
        var probe = cluster.Client.GetGrain<IProbeGrain>("reads");
        var seen = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => probe.ReadAsync(50)));
        Assert.True(seen.Max() > 1, "read-only calls should overlap");
        Assert.Equal(1, (await probe.MaxConcurrencyAsync())[1]);
    }

    [Fact]
    public async Task Reentrant_grain_interleaves_at_awaits_but_stays_single_threaded()
    {
        await using var cluster = await InProcessCluster.StartAsync(1);
        var probe = cluster.Client.GetGrain<IReentrantProbeGrain>("re");
        var seen = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => probe.AppendAsync(i, 50)));
        Assert.True(seen.Max() > 1, "reentrant calls should overlap");
        var max = await probe.MaxConcurrencyAsync();
        Assert.Equal(1, max[1]);
    }

    [Fact]
    public async Task Cancellation_token_reaches_a_local_grain()
    {
        await using var cluster = await InProcessCluster.StartAsync(1);
        using var cts = new CancellationTokenSource(100);
        Assert.True(await cluster.Client.GetGrain<IPingGrain>("c").WaitForCancelAsync(cts.Token));
    }
}
