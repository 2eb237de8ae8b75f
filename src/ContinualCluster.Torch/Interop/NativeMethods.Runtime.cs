using System.Runtime.InteropServices;

namespace ContinualCluster.Torch.Interop;

// runtime.cpp: seeding, threads, deterministic mode.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_runtime_manual_seed(long seed);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_runtime_set_num_threads(int n);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_runtime_get_num_threads();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_runtime_has_openblas();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_runtime_set_deterministic([MarshalAs(UnmanagedType.U1)] bool on);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_runtime_get_deterministic();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_runtime_config();
}
