using ContinualCluster.Runtime.Hosting;

namespace ContinualCluster.TestKit.Cluster;

/// <summary>Silo options with short timings so failure tests finish in seconds.</summary>
public static class TestSiloOptions
{
    public const string Secret = "test-cluster-secret-0123456789";

    /// <summary>Timings for silos in separate processes over a file or server store on a loaded machine.</summary>
    public static SiloOptions CreateForProcesses(string siloId, Action<SiloOptions>? configure = null) => Create(siloId, o =>
    {
        o.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
        o.Lease = TimeSpan.FromSeconds(3);
        o.DeadTimeout = TimeSpan.FromSeconds(5);
        o.MembershipRefreshInterval = TimeSpan.FromMilliseconds(500);
        configure?.Invoke(o);
    });

    public static SiloOptions Create(string siloId, Action<SiloOptions>? configure = null)
    {
        var o = new SiloOptions
        {
            SiloId = siloId,
            ClusterSecret = Secret,
            // A 1 s lease fenced healthy silos when the suite's assemblies ran in parallel on 2 cores (a heartbeat
            // stalled past it): 2 s keeps failure tests short and survives such stalls.
            HeartbeatInterval = TimeSpan.FromMilliseconds(250),
            Lease = TimeSpan.FromMilliseconds(2000),
            DeadTimeout = TimeSpan.FromMilliseconds(3500),
            MembershipRefreshInterval = TimeSpan.FromMilliseconds(200),
            ResponseTimeout = TimeSpan.FromSeconds(10),
            CollectionInterval = TimeSpan.FromSeconds(60),
        };
        configure?.Invoke(o);
        return o;
    }
}
