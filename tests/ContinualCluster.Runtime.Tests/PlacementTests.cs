using ContinualCluster.Runtime.Hosting;
using ContinualCluster.TestKit.Cluster;
using ContinualCluster.TestKit.Grains;
using Xunit;

namespace ContinualCluster.Runtime.Tests;

/// <summary>Placement policies: consistent hash spreads, prefer-local stays local, resource-aware honours labels.</summary>
public sealed class PlacementTests
{
    [Fact]
    public async Task Policies_are_applied_per_grain_class()
    {
        await using var cluster = await InProcessCluster.StartAsync(2);
        var gpu = await cluster.AddSiloAsync(o => o.Labels["gpu"] = "true");
        var spread = new HashSet<string>();
        for (int i = 0; i < 30; i++) spread.Add(await cluster.Client.GetGrain<IPingGrain>($"h{i}").WhereAsync());
        Assert.Equal(3, spread.Count);
        for (int i = 0; i < 10; i++) Assert.Equal("silo1", await cluster.Silos[1].GrainFactory.GetGrain<ILocalGrain>($"l{i}").WhereAsync());
        for (int i = 0; i < 10; i++) Assert.Equal(gpu.SiloId, await cluster.Client.GetGrain<IGpuGrain>($"g{i}").WhereAsync());
    }

    [Fact]
    public async Task Resource_aware_without_a_match_falls_back_to_the_least_loaded_silo_and_client_silos_host_nothing()
    {
        await using var cluster = await InProcessCluster.StartAsync(2);
        var client = await cluster.AddSiloAsync(o => o.HostsGrains = false);
        for (int i = 0; i < 6; i++) Assert.StartsWith("silo", await client.GrainFactory.GetGrain<IGpuGrain>($"n{i}").WhereAsync());
        Assert.Equal(0, client.ActivationCount);
        Assert.True(cluster.Silos[0].ActivationCount > 0 && cluster.Silos[1].ActivationCount > 0);
    }

    [Fact]
    public void Options_validation_names_the_wrong_setting()
    {
        var o = TestSiloOptions.Create("ok");
        o.Validate();
        var e = Assert.Throws<ArgumentException>(() => TestSiloOptions.Create("x", x => x.DeadTimeout = x.Lease).Validate());
        Assert.Equal("DeadTimeout", e.ParamName);
        Assert.Equal("ClusterSecret", Assert.Throws<ArgumentException>(() => TestSiloOptions.Create("x", x => x.ClusterSecret = "short").Validate()).ParamName);
        Assert.Equal("SiloId", Assert.Throws<ArgumentException>(() => TestSiloOptions.Create("bad id!").Validate()).ParamName);
        Assert.Throws<ArgumentException>(() => new ResourceAwarePlacementAttribute("gpu"));
        Assert.Equal("StoreConnectionString", Assert.Throws<ArgumentException>(() => TestSiloOptions.Create("x", x => x.StoreKind = StoreKind.Sqlite).Validate()).ParamName);
    }
}
