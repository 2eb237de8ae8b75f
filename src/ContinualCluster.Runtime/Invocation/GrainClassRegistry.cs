using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace ContinualCluster.Runtime.Invocation;

/// <summary>Every grain class in the process (registered by generated module initializers), by grain type name.</summary>
public static class GrainClassRegistry
{
    private static readonly ConcurrentDictionary<string, GrainClassInfo> ByType = new(StringComparer.Ordinal);

    /// <summary>Registers a grain class under every grain interface it implements.</summary>
    public static void Register(Type grainClass)
    {
        foreach (var iface in grainClass.GetInterfaces())
        {
            if (iface == typeof(IGrainWithStringKey) || !typeof(IGrainWithStringKey).IsAssignableFrom(iface)) continue;
            var info = new GrainClassInfo(grainClass, iface);
            if (!ByType.TryAdd(info.GrainType, info) && ByType[info.GrainType].GrainClass != grainClass)
                throw new InvalidOperationException(
                    $"Grain interface '{info.GrainType}' is implemented by both '{ByType[info.GrainType].GrainClass}' and '{grainClass}'.");
        }
    }

    /// <summary>Runs the generated registrations of an assembly that holds grain classes.</summary>
    public static void EnsureLoaded(Assembly assembly) => RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);

    public static bool TryGet(string grainType, out GrainClassInfo info) => ByType.TryGetValue(grainType, out info!);
}
