using ContinualCluster.Deployment.Tests.Infrastructure;
using Xunit;

namespace ContinualCluster.Deployment.Tests;

/// <summary>The GPU overlay adds a pool that asks for a GPU and says so in the labels placement reads; the CPU one does not.</summary>
public sealed class GpuPoolTests
{
    private static bool AsksForGpu(K8sObject set) =>
        set.Containers.Any(c => Json.Str(c["resources"]?["limits"]?["nvidia.com/gpu"]) is { } n && int.Parse(n) > 0);

    private static IReadOnlyDictionary<string, string> PlacementLabels(RenderedManifest m, K8sObject set)
    {
        var raw = m.Environment(set.Containers.Single()).Single(e => e.Name == SiloSettings.SiloLabels).Value;
        return raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
    }

    [KubectlFact]
    public void Gpu_overlay_has_a_gpu_pool_labelled_gpu_true_on_gpu_nodes()
    {
        var m = RenderedManifest.Of("gpu");
        var gpu = Assert.Single(m.SiloStatefulSets, AsksForGpu);
        var labels = PlacementLabels(m, gpu);
        Assert.Equal("true", labels["gpu"]);
        Assert.True(int.Parse(labels["gpu_memory_mb"]) > 0);
        var spec = gpu.PodTemplate!["spec"]!;
        Assert.Equal("true", Json.Map(spec["nodeSelector"]).GetValueOrDefault("nvidia.com/gpu.present"));
        Assert.Contains(Json.Objects(spec["tolerations"]), t => Json.Str(t["key"]) == "nvidia.com/gpu" && Json.Str(t["effect"]) == "NoSchedule");
        Assert.NotEqual("0", Json.Str(gpu.Node["spec"]?["replicas"]));
    }

    [KubectlTheory, InlineData("cpu"), InlineData("gpu")]
    public void A_silo_asks_for_a_gpu_exactly_when_its_labels_say_gpu_true(string overlay)
    {
        var m = RenderedManifest.Of(overlay);
        foreach (var set in m.SiloStatefulSets)
        {
            bool labelled = PlacementLabels(m, set).GetValueOrDefault("gpu") == "true";
            Assert.True(labelled == AsksForGpu(set), $"{set}: gpu limit {AsksForGpu(set)} but gpu=true label {labelled}");
        }
    }

    [KubectlFact]
    public void Cpu_overlay_asks_for_no_gpu_and_keeps_off_gpu_nodes()
    {
        var m = RenderedManifest.Of("cpu");
        var silo = Assert.Single(m.SiloStatefulSets);
        Assert.False(AsksForGpu(silo));
        Assert.False(PlacementLabels(m, silo).ContainsKey("gpu"));
        var terms = Json.Objects(silo.PodTemplate!["spec"]!["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"]);
        Assert.Contains(terms.SelectMany(t => Json.Objects(t["matchExpressions"])),
            e => Json.Str(e["key"]) == "nvidia.com/gpu.present" && Json.Str(e["operator"]) == "NotIn");
        Assert.DoesNotContain("nvidia.com/gpu\"", System.Text.Json.JsonSerializer.Serialize(m.Objects.Select(o => o.Node)));
    }
}
