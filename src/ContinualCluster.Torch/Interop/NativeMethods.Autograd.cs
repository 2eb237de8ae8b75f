using System.Runtime.InteropServices;

namespace ContinualCluster.Torch.Interop;

// autograd.cpp: requires_grad, backward, gradients, grad mode.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_autograd_requires_grad(TensorHandle a);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_autograd_set_requires_grad(TensorHandle a, [MarshalAs(UnmanagedType.U1)] bool on);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_autograd_is_leaf(TensorHandle a);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_autograd_backward(TensorHandle a, TensorHandle grad, [MarshalAs(UnmanagedType.U1)] bool retainGraph, [MarshalAs(UnmanagedType.U1)] bool createGraph);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_autograd_grad(TensorHandle a);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_autograd_set_grad(TensorHandle a, TensorHandle grad);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_autograd_zero_grad(IntPtr* tensors, int n, [MarshalAs(UnmanagedType.U1)] bool setToNone);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_autograd_detach_(TensorHandle a);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_autograd_grad_enabled();
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_autograd_set_grad_enabled([MarshalAs(UnmanagedType.U1)] bool on);
}
