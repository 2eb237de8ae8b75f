using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace ContinualCluster.Runtime.Invocation;

/// <summary>Every generated grain interface invoker in the process, by interface type and by grain type name.</summary>
public static class GrainInterfaceRegistry
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceInvoker> ByInterface = new();
    private static readonly ConcurrentDictionary<string, GrainInterfaceInvoker> ByName = new(StringComparer.Ordinal);

    /// <summary>Called by generated module initializers.</summary>
    public static void Register(GrainInterfaceInvoker invoker)
    {
        ByInterface[invoker.InterfaceType] = invoker;
        ByName[invoker.GrainType] = invoker;
    }

    public static GrainInterfaceInvoker Get(Type grainInterface)
    {
        if (ByInterface.TryGetValue(grainInterface, out var invoker)) return invoker;
        RuntimeHelpers.RunModuleConstructor(grainInterface.Module.ModuleHandle);
        if (ByInterface.TryGetValue(grainInterface, out invoker)) return invoker;
        throw new UnknownGrainTypeException(
            $"'{grainInterface.FullName}' has no generated proxy: it must be a non-generic interface extending IGrainWithStringKey, " +
            "in a project that references ContinualCluster.Runtime.Generators as an analyzer.");
    }

    public static bool TryGet(string grainType, out GrainInterfaceInvoker invoker) => ByName.TryGetValue(grainType, out invoker!);
}
