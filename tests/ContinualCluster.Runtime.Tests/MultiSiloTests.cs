using ContinualCluster.Runtime.Storage;
using ContinualCluster.TestKit.Cluster;
using ContinualCluster.TestKit.Grains;
using Xunit;

namespace ContinualCluster.Runtime.Tests;

/// <summary>Several in-process silos over shared in-memory stores: routing, single activation, errors across silos.</summary>
public sealed class MultiSiloTests
{
    [Fact]
    public async Task Concurrent_first_calls_from_every_silo_create_one_activation()
    {
        await using var cluster = await InProcessCluster.StartAsync(3);
        for (int g = 0; g < 5; g++)
        {
            var calls = cluster.Silos.SelectMany(s => Enumerable.Range(0, 4).Select(_ => s.GrainFactory.GetGrain<ICounterGrain>($"single{g}").AddAsync(1))).ToArray();
            await Task.WhenAll(calls);
            var wheres = await Task.WhenAll(cluster.Silos.Select(s => s.GrainFactory.GetGrain<ICounterGrain>($"single{g}").WhereAsync()));
            Assert.Single(wheres.Distinct());
            Assert.Equal(12, await cluster.Silos[2].GrainFactory.GetGrain<ICounterGrain>($"single{g}").GetAsync());
        }
        Assert.Equal(5, cluster.Silos.Sum(s => s.ActivationCount));
    }

    [Fact]
    public async Task Remote_calls_carry_results_errors_and_cancellation()
    {
        await using var cluster = await InProcessCluster.StartAsync(2);
        var (a, b) = (cluster.Silos[0].GrainFactory, cluster.Silos[1].GrainFactory);
        string where = "";
        int k = 0;
        for (; k < 50 && where != "silo1"; k++) where = await b.GetGrain<IPingGrain>($"r{k}").WhereAsync();
        var remote = a.GetGrain<IPingGrain>($"r{k - 1}");
        Assert.Equal("silo1", where);
        Assert.Equal(8, await remote.PingAsync(7));
        Assert.Equal(new byte[] { 1, 2, 3 }, await remote.EchoAsync([1, 2, 3]));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => remote.FailAsync("far away"));
        Assert.Contains("far away", e.Message);
        Assert.Contains("silo1", e.Message);
        using var cts = new CancellationTokenSource(200);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => remote.WaitForCancelAsync(cts.Token));
        Assert.Equal(1, await remote.PingAsync(0));
    }

    [Fact]
    public async Task Oversize_message_is_refused_and_the_silo_keeps_serving()
    {
        await using var cluster = await InProcessCluster.StartAsync(1, o => o.MaxMessageBytes = 64 * 1024);
        var big = await cluster.AddSiloAsync(o => o.MaxMessageBytes = 8 << 20);
        var client = big.GrainFactory;
        int k = 0;
        while (await cluster.Client.GetGrain<IPingGrain>($"o{k}").WhereAsync() != "silo0") k++;
        var target = client.GetGrain<IPingGrain>($"o{k}");
        var e = await Assert.ThrowsAsync<MessageTooLargeException>(() => target.EchoAsync(new byte[1 << 20]));
        Assert.Contains("MaxMessageBytes", e.Message);
        Assert.Equal(5, await target.PingAsync(4));
    }

    [Fact]
    public async Task Remote_call_that_outlives_the_response_timeout_fails_with_a_timeout_and_the_silo_keeps_serving()
    {
        await using var cluster = await InProcessCluster.StartAsync(2, o => o.ResponseTimeout = TimeSpan.FromMilliseconds(300));
        int k = 0;
        while (await cluster.Silos[1].GrainFactory.GetGrain<IPingGrain>($"t{k}").WhereAsync() != "silo1") k++;
        var remote = cluster.Silos[0].GrainFactory.GetGrain<IPingGrain>($"t{k}");
        var e = await Assert.ThrowsAsync<TimeoutException>(() => remote.WaitForCancelAsync(CancellationToken.None));
        Assert.Contains("response timeout", e.Message);
        Assert.Equal(1, await cluster.Silos[0].GrainFactory.GetGrain<IPingGrain>($"t{k}-other").PingAsync(0));
    }

    [Fact]
    public async Task Wrong_cluster_secret_is_rejected()
    {
        await using var cluster = await InProcessCluster.StartAsync(1);
        var intruder = await cluster.AddSiloAsync(o => o.ClusterSecret = "another-secret-entirely-123");
        int k = 0;
        while (await cluster.Client.GetGrain<IPingGrain>($"s{k}").WhereAsync() != "silo0") k++;
        var e = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => intruder.GrainFactory.GetGrain<IPingGrain>($"s{k}").PingAsync(1));
        Assert.Contains("cluster secret", e.Message);
        Assert.Equal(2, await cluster.Client.GetGrain<IPingGrain>($"s{k}").PingAsync(1));
    }

    [Fact]
    public async Task Stale_directory_entry_is_answered_not_here_and_the_call_is_rerouted()
    {
        await using var cluster = await InProcessCluster.StartAsync(2);
        var counter = cluster.Silos[0].GrainFactory.GetGrain<ICounterGrain>("moving");
        await counter.AddAsync(1);
        var entry = (await cluster.Directory.LookupAsync(new GrainId(typeof(ICounterGrain).FullName!, "moving")))!;
        var owner = cluster.Silos.Single(s => s.SiloId == entry.SiloId);
        var other = cluster.Silos.Single(s => s != owner);
        Assert.Equal(2, await other.GrainFactory.GetGrain<ICounterGrain>("moving").AddAsync(1));
        Assert.True(owner.Runtime.Activations.Single().RequestDeactivation(DeactivationReason.ApplicationRequested));
        await owner.Runtime.Activations.SingleOrDefault()!.Deactivated.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        Assert.Equal(3, await other.GrainFactory.GetGrain<ICounterGrain>("moving").AddAsync(1));
        Assert.Equal(3, await cluster.Silos[0].GrainFactory.GetGrain<ICounterGrain>("moving").GetAsync());
    }
}
