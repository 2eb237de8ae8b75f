using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ContinualCluster.Torch.Interop;

/// <summary>Resolves the native shim: next to the assembly, else $CC_REPO_ROOT/.build/native, else a parent's .build/native.</summary>
internal static class NativeLibraryLoader
{
    public const string LibraryName = "cctorch";
    private const string FileName = "libcctorch.so";

    // A library registering its own native resolver before any P/Invoke is the case CA2255 allows for.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName) return IntPtr.Zero;
        foreach (var candidate in Candidates())
            if (File.Exists(candidate)) return NativeLibrary.Load(candidate);
        throw new DllNotFoundException(
            $"{FileName} was not found next to {assembly.Location}, in $CC_REPO_ROOT/.build/native or in a parent's .build/native; " +
            "build it with ./run.sh build (needs the Debian packages libtorch-dev, cmake and g++).");
    }

    private static IEnumerable<string> Candidates()
    {
        var here = Path.GetDirectoryName(typeof(NativeLibraryLoader).Assembly.Location) ?? AppContext.BaseDirectory;
        yield return Path.Combine(here, FileName);
        var root = Environment.GetEnvironmentVariable("CC_REPO_ROOT");
        if (!string.IsNullOrEmpty(root)) yield return Path.Combine(root, ".build", "native", FileName);
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
            yield return Path.Combine(dir.FullName, ".build", "native", FileName);
    }
}
