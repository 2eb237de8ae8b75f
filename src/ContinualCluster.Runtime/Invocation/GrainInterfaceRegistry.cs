using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

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

    /// <summary>Looks a grain type up by its UTF-8 name as it arrives on the wire, without allocating a string.</summary>
    public static bool TryGet(ReadOnlySpan<byte> grainTypeUtf8, out GrainInterfaceInvoker invoker)
    {
        if (grainTypeUtf8.Length > 1024 || !Utf8.IsValid(grainTypeUtf8)) { invoker = null!; return false; }
        Span<char> name = stackalloc char[grainTypeUtf8.Length];
        int n = Encoding.UTF8.GetChars(grainTypeUtf8, name);
        return ByName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name[..n], out invoker!);
    }
}
