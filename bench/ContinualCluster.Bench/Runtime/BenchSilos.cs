using ContinualCluster.Runtime.Hosting;
using ContinualCluster.Runtime.Storage;
using ContinualCluster.TestKit.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace ContinualCluster.Bench.Runtime;

/// <summary>Starts benchmark silos over given stores with production-like timings (no fast failure detection).</summary>
internal static class BenchSilos
{
    public static async Task<Silo> StartAsync(string id, IGrainStateStore state, IGrainDirectoryStore directory, IMembershipStore membership)
    {
        var options = TestSiloOptions.Create(id, o =>
        {
            o.HeartbeatInterval = TimeSpan.FromSeconds(1);
            o.Lease = TimeSpan.FromSeconds(5);
            o.DeadTimeout = TimeSpan.FromSeconds(10);
            o.MembershipRefreshInterval = TimeSpan.FromSeconds(1);
        });
        var silo = new Silo(options, new ServiceCollection().BuildServiceProvider(), state, directory, membership);
        await silo.StartAsync();
        return silo;
    }
}
