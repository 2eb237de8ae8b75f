using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ContinualCluster.Runtime.Invocation;

/// <summary>The JSON options every grain message and state uses.</summary>
public static class JsonContractOptions
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            IncludeFields = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        o.MakeReadOnly();
        return o;
    }
}
