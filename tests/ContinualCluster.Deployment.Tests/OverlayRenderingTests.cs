using ContinualCluster.Deployment.Tests.Infrastructure;
using Xunit;

namespace ContinualCluster.Deployment.Tests;

/// <summary>Both overlays render, hold the objects a deployment needs, and their selectors match the pods they mean.</summary>
public sealed class OverlayRenderingTests
{
    public static TheoryData<string> Overlays => new() { "cpu", "gpu" };

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void Overlay_renders_the_objects_of_a_deployment(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        Assert.Single(m.OfKind("Namespace"));
        Assert.Contains(m.OfKind("ConfigMap"), o => o.Name == "ccl-config");
        Assert.Contains(m.OfKind("Secret"), o => o.Name == "ccl-secrets");
        var postgres = m.Get("StatefulSet", "ccl-postgres");
        Assert.NotEmpty(Json.Objects(postgres.Node["spec"]?["volumeClaimTemplates"]));
        Assert.NotEmpty(m.SiloStatefulSets);
        Assert.Equal("None", Json.Str(m.Get("Service", "ccl-silo").Node["spec"]?["clusterIP"]));
        m.Get("Service", "ccl-gateway");
        string ns = m.OfKind("Namespace").Single().Name;
        Assert.All(m.Objects.Where(o => o.Kind != "Namespace"), o => Assert.Equal(ns, o.Namespace));
    }

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void Every_workload_selector_matches_its_own_pod_template_and_no_other(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        var workloads = m.OfKind("StatefulSet").ToList();
        foreach (var w in workloads)
        {
            Assert.True(Json.Selects(w.MatchLabels, w.PodLabels), $"{w}: selector does not match its pod labels");
            foreach (var other in workloads.Where(o => o != w))
                Assert.False(Json.Selects(w.MatchLabels, other.PodLabels), $"{w}: selector also matches the pods of {other}");
        }
    }

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void Every_service_selects_pods_and_targets_ports_they_declare(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        var workloads = m.OfKind("StatefulSet").ToList();
        foreach (var svc in m.OfKind("Service"))
        {
            var selector = Json.Map(svc.Node["spec"]?["selector"]);
            var selected = workloads.Where(w => Json.Selects(selector, w.PodLabels)).ToList();
            Assert.True(selected.Count > 0, $"{svc} selects no pods");
            foreach (var port in Json.Objects(svc.Node["spec"]?["ports"]))
            {
                string target = Json.Str(port["targetPort"]) ?? Json.Str(port["port"])!;
                foreach (var w in selected)
                {
                    var ports = w.Containers.SelectMany(c => Json.Objects(c["ports"])).ToList();
                    Assert.True(ports.Any(p => Json.Str(p["name"]) == target || Json.Str(p["containerPort"]) == target),
                        $"{svc} targets port {target}, which {w}'s containers do not declare");
                }
            }
        }
        // Every silo pool is behind both silo services: the headless one (names) and the gateway.
        foreach (var silo in m.SiloStatefulSets)
        {
            Assert.Equal("ccl-silo", Json.Str(silo.Node["spec"]?["serviceName"]));
            Assert.True(Json.Selects(Json.Map(m.Get("Service", "ccl-gateway").Node["spec"]?["selector"]), silo.PodLabels));
        }
    }

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void Every_silo_pool_has_a_disruption_budget_over_exactly_its_pods(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        var pdbs = m.OfKind("PodDisruptionBudget").ToList();
        var workloads = m.OfKind("StatefulSet").ToList();
        foreach (var silo in m.SiloStatefulSets)
        {
            var covering = pdbs.Where(p => Json.Selects(Json.Map(p.Node["spec"]?["selector"]?["matchLabels"]), silo.PodLabels)).ToList();
            var pdb = Assert.Single(covering);
            Assert.Equal("1", Json.Str(pdb.Node["spec"]?["maxUnavailable"]));
            var pdbSelector = Json.Map(pdb.Node["spec"]?["selector"]?["matchLabels"]);
            Assert.All(workloads.Where(w => w != silo), w => Assert.False(Json.Selects(pdbSelector, w.PodLabels), $"{pdb} also covers {w}"));
        }
    }

    [KubectlTheory, MemberData(nameof(Overlays))]
    public void Every_container_has_resources_a_pinned_image_and_runs_unprivileged(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        foreach (var w in m.OfKind("StatefulSet"))
        {
            var podSec = w.PodTemplate?["spec"]?["securityContext"];
            Assert.Equal("true", Json.Str(podSec?["runAsNonRoot"]));
            foreach (var c in w.Containers)
            {
                string image = Json.Str(c["image"])!;
                Assert.Matches(@":[A-Za-z0-9._-]+$", image);
                Assert.DoesNotMatch(@":latest$", image);
                Assert.NotNull(Json.Str(c["resources"]?["requests"]?["memory"]));
                Assert.NotNull(Json.Str(c["resources"]?["requests"]?["cpu"]));
                Assert.NotNull(Json.Str(c["resources"]?["limits"]?["memory"]));
                Assert.Equal("false", Json.Str(c["securityContext"]?["allowPrivilegeEscalation"]));
                Assert.Contains("ALL", Json.Strings(c["securityContext"]?["capabilities"]?["drop"]));
            }
        }
    }
}
