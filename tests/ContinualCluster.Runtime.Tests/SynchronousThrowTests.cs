using ContinualCluster.TestKit.Cluster;
using ContinualCluster.TestKit.Grains;
using Xunit;

namespace ContinualCluster.Runtime.Tests;

/// <summary>A grain method that throws before returning its Task reaches the caller with its type and message.</summary>
public sealed class SynchronousThrowTests
{
    [Fact]
    public async Task Local_calls_carry_the_exception_on_the_first_inline_and_queued_paths()
    {
        await using var cluster = await InProcessCluster.StartAsync(1);
        var fresh = cluster.Client.GetGrain<IPingGrain>("sync-fresh");
        var first = await Assert.ThrowsAsync<ArgumentException>(() => fresh.FailBeforeTaskAsync("first call", false));
        Assert.Equal("first call", first.Message);
        var inline = await Assert.ThrowsAsync<ArgumentException>(() => fresh.FailBeforeTaskAsync("inline", false));
        Assert.Equal("inline", inline.Message);
        await Assert.ThrowsAsync<FormatException>(() => fresh.FailBeforeTaskAsync("format", true));

        using var cts = new CancellationTokenSource();
        var busy = fresh.WaitForCancelAsync(cts.Token);
        var queued = fresh.FailBeforeTaskAsync("queued", false);
        Assert.False(queued.IsCompleted);
        cts.Cancel();
        Assert.True(await busy);
        Assert.Equal("queued", (await Assert.ThrowsAsync<ArgumentException>(() => queued)).Message);
        Assert.Equal(8, await fresh.PingAsync(7));
    }

    [Fact]
    public async Task Remote_calls_carry_the_exception_type_and_message()
    {
        await using var cluster = await InProcessCluster.StartAsync(2);
        int k = 0;
        while (await cluster.Silos[1].GrainFactory.GetGrain<IPingGrain>($"sync-r{k}").WhereAsync() != "silo1") k++;
        var remote = cluster.Silos[0].GrainFactory.GetGrain<IPingGrain>($"sync-r{k}");
        var mapped = await Assert.ThrowsAsync<ArgumentException>(() => remote.FailBeforeTaskAsync("far", false));
        Assert.StartsWith("far (on silo silo1)", mapped.Message);
        var unmapped = await Assert.ThrowsAsync<GrainCallException>(() => remote.FailBeforeTaskAsync("odd", true));
        Assert.Equal("System.FormatException", unmapped.RemoteType);
        Assert.StartsWith("odd", unmapped.RemoteMessage);
        Assert.Equal(2, await remote.PingAsync(1));
    }
}
