using ContinualCluster.Runtime.Hosting;

namespace ContinualCluster.TestKit.Cluster;

/// <summary>Silo options with short timings so failure tests finish in seconds.</summary>
public static class TestSiloOptions
{
    public const string Secret = "test-cluster-secret-0123456789";

    public static SiloOptions Create(string siloId, Action<SiloOptions>? configure = null)
    {
        var o = new SiloOptions
        {
            SiloId = siloId,
            ClusterSecret = Secret,
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            Lease = TimeSpan.FromMilliseconds(1000),
            DeadTimeout = TimeSpan.FromMilliseconds(2000),
            MembershipRefreshInterval = TimeSpan.FromMilliseconds(200),
            ResponseTimeout = TimeSpan.FromSeconds(10),
            CollectionInterval = TimeSpan.FromSeconds(60),
        };
        configure?.Invoke(o);
        return o;
    }
}
