using ContinualCluster.TestKit.Storage;
using Xunit;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>
/// A fact that starts silo processes from the rendered manifests: needs kubectl (kustomize), PostgreSQL and the built
/// silo (./run.sh build); skipped only where one of them cannot exist here.
/// </summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (ProcessRunner.Which("kubectl") is null) Skip = "kubectl is not installed (needed for `kubectl kustomize`)";
        else if (PostgreSqlTestServer.UnavailableReason is { } why) Skip = why;
        else if (!File.Exists(Path.Combine(PodLaunch.LocalAppDir, "ContinualCluster.Silo.dll")))
            Skip = $"the silo is not built ({PodLaunch.LocalAppDir}); run ./run.sh build";
    }
}
