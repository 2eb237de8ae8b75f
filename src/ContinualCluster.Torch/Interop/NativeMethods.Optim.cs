using System.Runtime.InteropServices;

namespace ContinualCluster.Torch.Interop;

// optim.cpp: native optimizers (one call per step over all parameter groups).
internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_optim_new(int kind);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial void cc_optim_free(IntPtr optimizer);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_optim_add_group(OptimizerHandle optimizer, IntPtr* parameters, int n, double* hyper, int flags);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_optim_set_lr(OptimizerHandle optimizer, int group, double lr);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_optim_step(OptimizerHandle optimizer);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_optim_zero_grad(OptimizerHandle optimizer, [MarshalAs(UnmanagedType.U1)] bool setToNone);
}
