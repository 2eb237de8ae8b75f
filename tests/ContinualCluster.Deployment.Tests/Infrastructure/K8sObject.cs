using System.Text.Json.Nodes;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>One rendered Kubernetes object: kind, name, namespace and its whole tree.</summary>
public sealed record K8sObject(string Kind, string Name, string? Namespace, JsonObject Node)
{
    public static K8sObject From(JsonObject node) => new(
        node["kind"]?.GetValue<string>() ?? throw new FormatException("an object has no kind"),
        node["metadata"]?["name"]?.GetValue<string>() ?? throw new FormatException("an object has no metadata.name"),
        node["metadata"]?["namespace"]?.GetValue<string>(),
        node);

    /// <summary>The pod template of a workload (StatefulSet, Deployment, ...), or null.</summary>
    public JsonObject? PodTemplate => Node["spec"]?["template"] as JsonObject;

    public IReadOnlyDictionary<string, string> PodLabels => Json.Map(PodTemplate?["metadata"]?["labels"]);

    public IReadOnlyDictionary<string, string> MatchLabels => Json.Map(Node["spec"]?["selector"]?["matchLabels"]);

    public IEnumerable<JsonObject> Containers => Json.Objects(PodTemplate?["spec"]?["containers"]);

    public override string ToString() => $"{Kind}/{Name}";
}
