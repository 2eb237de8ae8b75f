using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ContinualCluster.Runtime.Invocation;

/// <summary>The System.Text.Json contract for one type, resolved once and cached for every later call.</summary>
public static class JsonContracts<T>
{
    /// <summary>Options shared by every message and state contract: fields included, enums as numbers.</summary>
    public static readonly JsonTypeInfo<T> Info = (JsonTypeInfo<T>)JsonContractOptions.Options.GetTypeInfo(typeof(T));
}
