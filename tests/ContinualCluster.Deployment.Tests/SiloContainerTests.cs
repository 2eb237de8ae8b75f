using System.Text.Json.Nodes;
using ContinualCluster.Deployment.Tests.Infrastructure;
using Xunit;

namespace ContinualCluster.Deployment.Tests;

/// <summary>The silo containers get exactly the settings the silo reads, on the ports and paths it serves.</summary>
public sealed class SiloContainerTests
{
    public static TheoryData<string> Overlays => new() { "cpu", "gpu" };

    private static IEnumerable<(K8sObject Set, JsonObject Container)> Silos(RenderedManifest m) =>
        m.SiloStatefulSets.Select(s => (s, Assert.Single(s.Containers)));

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void Every_CCL_variable_is_one_the_silo_reads_and_the_required_ones_are_set(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        foreach (var (set, c) in Silos(m))
        {
            var env = m.Environment(c);
            var unknown = env.Where(e => e.Name.StartsWith(SiloSettings.Prefix, StringComparison.Ordinal) && !SiloSettings.IsKnown(e.Name));
            Assert.True(!unknown.Any(), $"{set}: the silo reads none of {string.Join(", ", unknown.Select(u => u.Name))}");
            var names = env.Select(e => e.Name).ToHashSet();
            foreach (var required in new[] { "CCL_Store__Kind", "CCL_Store__ConnectionString", SiloSettings.SiloName, SiloSettings.SiloPort,
                         SiloSettings.GatewayPort, "CCL_Gateway__Host", SiloSettings.SiloLabels, "CCL_Cluster__Secret", "CCL_Gateway__Keys__0" })
                Assert.True(names.Contains(required), $"{set} does not set {required}");
            Assert.Equal("postgresql", env.Single(e => e.Name == "CCL_Store__Kind").Value);
            Assert.Equal("0.0.0.0", env.Single(e => e.Name == "CCL_Gateway__Host").Value);
            Assert.Equal("0.0.0.0", env.Single(e => e.Name == "CCL_Silo__ListenAddress").Value);
            var advertised = env.Single(e => e.Name == "CCL_Silo__AdvertisedHost");
            Assert.Equal((EnvSource.FieldRef, "status.podIP"), (advertised.Source, advertised.Value));
        }
    }

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void Files_the_silo_writes_are_on_volumes_because_the_root_filesystem_is_read_only(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        foreach (var (set, c) in Silos(m))
        {
            Assert.Equal("true", Json.Str(c["securityContext"]?["readOnlyRootFilesystem"]));
            var mounts = Json.Objects(c["volumeMounts"]).Select(v => Json.Str(v["mountPath"])!.TrimEnd('/') + "/").ToList();
            var cache = m.Environment(c).Single(e => e.Name == "CCL_Learning__BackboneCache").Value;
            Assert.StartsWith("/", cache);
            Assert.True(mounts.Any(mp => cache.StartsWith(mp, StringComparison.Ordinal)), $"{set}: {cache} is not on a mounted volume");
            Assert.Contains("/tmp/", mounts);
        }
    }

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void Silo_name_is_the_stable_pod_name(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        foreach (var (set, c) in Silos(m))
        {
            var name = m.Environment(c).Single(e => e.Name == SiloSettings.SiloName);
            Assert.Equal(EnvSource.FieldRef, name.Source);
            Assert.Equal("metadata.name", name.Value);
            Assert.Equal("StatefulSet", set.Kind);
        }
    }

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void Container_ports_are_the_configured_silo_and_gateway_ports(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        foreach (var (set, c) in Silos(m))
        {
            var env = m.Environment(c).ToDictionary(e => e.Name, e => e.Value);
            var ports = Json.Objects(c["ports"]).ToDictionary(p => Json.Str(p["name"])!, p => Json.Str(p["containerPort"])!);
            Assert.Equal(env[SiloSettings.GatewayPort], ports["gateway"]);
            Assert.Equal(env[SiloSettings.SiloPort], ports["silo"]);
            var headless = Json.Objects(m.Get("Service", "ccl-silo").Node["spec"]?["ports"]).ToDictionary(p => Json.Str(p["name"])!, p => Json.Str(p["port"])!);
            Assert.Equal(env[SiloSettings.SiloPort], headless["silo"]);
            Assert.Equal(env[SiloSettings.GatewayPort], headless["gateway"]);
            Assert.Equal(env[SiloSettings.GatewayPort], set.PodTemplate?["metadata"]?["annotations"]?["prometheus.io/port"]?.GetValue<string>());
        }
    }

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void Probes_hit_healthz_and_readyz_on_the_gateway_port(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        foreach (var (set, c) in Silos(m))
        {
            AssertProbe(c["readinessProbe"], "/readyz", set);
            AssertProbe(c["livenessProbe"], "/healthz", set);
            AssertProbe(c["startupProbe"], "/healthz", set);
        }
    }

    private static void AssertProbe(JsonNode? probe, string path, K8sObject set)
    {
        Assert.True(probe?["httpGet"] is JsonObject, $"{set}: probe for {path} is not an httpGet");
        Assert.Equal(path, Json.Str(probe!["httpGet"]!["path"]));
        Assert.Equal("gateway", Json.Str(probe["httpGet"]!["port"]));
    }

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void Stopping_a_silo_leaves_time_for_the_endpoint_update_and_the_graceful_leave(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        foreach (var (set, c) in Silos(m))
        {
            var command = Json.Strings(c["lifecycle"]?["preStop"]?["exec"]?["command"]).ToList();
            Assert.Equal("sleep", command[0]);
            int preStop = int.Parse(Assert.Single(command.Skip(1)));
            Assert.InRange(preStop, 2, 30);
            int shutdown = int.Parse(m.Environment(c).Single(e => e.Name == "DOTNET_shutdownTimeoutSeconds").Value);
            Assert.True(shutdown >= 60, $"{set}: DOTNET_shutdownTimeoutSeconds {shutdown} is too short to persist activations");
            int grace = int.Parse(Json.Str(set.PodTemplate?["spec"]?["terminationGracePeriodSeconds"])!);
            Assert.True(grace > preStop + shutdown, $"{set}: terminationGracePeriodSeconds {grace} <= preStop {preStop} + shutdown {shutdown}");
        }
    }
}
