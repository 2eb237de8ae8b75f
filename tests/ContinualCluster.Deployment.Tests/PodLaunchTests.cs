using ContinualCluster.Deployment.Tests.Infrastructure;
using Xunit;

namespace ContinualCluster.Deployment.Tests;

/// <summary>The translation of a rendered silo pod into a local process keeps the manifest's settings as they are.</summary>
public sealed class PodLaunchTests
{
    [Fact]
    public void Expand_follows_kubernetes_dependent_variable_rules()
    {
        var env = new Dictionary<string, string> { ["A"] = "x", ["B"] = "y" };
        Assert.Equal("x-y", PodLaunch.Expand("$(A)-$(B)", env));
        Assert.Equal("x-$(C)", PodLaunch.Expand("$(A)-$(C)", env));
        Assert.Equal("$(A)", PodLaunch.Expand("$$(A)", env));
        Assert.Equal("${A}", PodLaunch.Expand("${A}", env));
    }

    [KubectlFact]
    public void A_pod_launch_carries_the_pod_name_secrets_and_config_and_only_the_listed_substitutions()
    {
        var m = RenderedManifest.Of("gpu");
        var gpu = m.Get("StatefulSet", "ccl-silo-gpu");
        var subs = new Dictionary<string, string> { [SiloSettings.GatewayPort] = "18080" };
        var launch = PodLaunch.For(m, gpu, 1, subs);
        Assert.Equal("ccl-silo-gpu-1", launch.PodName);
        Assert.Equal("ccl-silo-gpu-1", launch.Env[SiloSettings.SiloName]);
        Assert.Equal("18080", launch.Env[SiloSettings.GatewayPort]);
        Assert.Equal(m.ConfigMapData("ccl-config")[SiloSettings.SiloPort], launch.Env[SiloSettings.SiloPort]);
        Assert.Equal(m.SecretData("ccl-secrets")["cluster-secret"], launch.Env["CCL_Cluster__Secret"]);
        Assert.Contains("gpu=true", launch.Env[SiloSettings.SiloLabels]);
        Assert.Equal(["dotnet", Path.Combine(PodLaunch.LocalAppDir, "ContinualCluster.Silo.dll")], launch.Command);
        Assert.Equal(PodLaunch.LocalAppDir, launch.Env["LD_LIBRARY_PATH"]);
        Assert.Equal(["sleep", "5"], launch.PreStop);
        Assert.Equal(150, launch.GracePeriodSeconds);
        Assert.Throws<ArgumentException>(() => PodLaunch.For(m, gpu, 0, new Dictionary<string, string> { ["CCL_Nope"] = "1" }));
    }
}
