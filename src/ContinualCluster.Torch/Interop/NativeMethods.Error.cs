using System.Runtime.InteropServices;

namespace ContinualCluster.Torch.Interop;

// error.cpp: the per-thread last error and handle release.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_error_last();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial void cc_error_clear();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial void cc_tensor_free(IntPtr h);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial long cc_tensor_live_count();
}
