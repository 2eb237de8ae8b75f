using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace ContinualCluster.Deployment.Tests.Infrastructure;

/// <summary>Parses a multi-document YAML stream into JSON nodes; every scalar becomes a JSON string, as written.</summary>
public static class YamlDocuments
{
    public static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var deserializer = new DeserializerBuilder().Build();
        var docs = new List<JsonObject>();
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var graph = deserializer.Deserialize<object?>(parser);
            if (graph is null) continue;
            if (ToNode(graph) is not JsonObject obj) throw new FormatException("a YAML document is not a mapping");
            docs.Add(obj);
        }
        return docs;
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        IDictionary<object, object?> map => ToObject(map),
        IList<object?> list => new JsonArray(list.Select(ToNode).ToArray()),
        _ => JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
    };

    private static JsonObject ToObject(IDictionary<object, object?> map)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in map) obj[Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture)!] = ToNode(v);
        return obj;
    }
}
