using System.Text.Json.Nodes;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>Small readers over the string-valued JSON trees that <see cref="YamlDocuments"/> produces.</summary>
public static class Json
{
    public static string? Str(JsonNode? node) => node is JsonValue v ? v.GetValue<string>() : null;

    public static IReadOnlyDictionary<string, string> Map(JsonNode? node) =>
        node is JsonObject o ? o.ToDictionary(p => p.Key, p => Str(p.Value) ?? "") : new Dictionary<string, string>();

    public static IEnumerable<JsonObject> Objects(JsonNode? node) =>
        node is JsonArray a ? a.OfType<JsonObject>() : Enumerable.Empty<JsonObject>();

    public static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(Str).OfType<string>() : Enumerable.Empty<string>();

    /// <summary>True when every selector pair is among the labels (an empty selector matches nothing here, on purpose).</summary>
    public static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
