using System.Runtime.InteropServices;

namespace ContinualCluster.Torch.Interop;

// nn.cpp: functional ops, losses and the fused LoRA forward.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_linear(TensorHandle x, TensorHandle weight, TensorHandle bias);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_conv2d(TensorHandle x, TensorHandle weight, TensorHandle bias, long* stride, long* padding, long* dilation, long groups);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_conv2d_block(TensorHandle x, TensorHandle weight, TensorHandle bias, int activation, long pool);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_nn_conv2d_block_fused(TensorHandle x, TensorHandle weight, TensorHandle bias, int activation, long pool);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_conv2d_block_kernels();
    [LibraryImport(NativeLibraryLoader.LibraryName, StringMarshalling = StringMarshalling.Utf8)] internal static partial int cc_nn_conv2d_block_use_kernels(string name);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_max_pool2d(TensorHandle x, long* kernel, long* stride, long* padding, long* dilation, [MarshalAs(UnmanagedType.U1)] bool ceilMode);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_avg_pool2d(TensorHandle x, long* kernel, long* stride, long* padding, [MarshalAs(UnmanagedType.U1)] bool ceilMode);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_adaptive_avg_pool2d(TensorHandle x, long* size);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_pad(TensorHandle x, long* pad, int n, int mode, double value);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_dropout(TensorHandle x, double p, [MarshalAs(UnmanagedType.U1)] bool training);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_cross_entropy(TensorHandle x, TensorHandle target, TensorHandle weight, long reduction, long ignoreIndex, double smoothing);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_nll_loss(TensorHandle x, TensorHandle target, TensorHandle weight, long reduction, long ignoreIndex);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_mse_loss(TensorHandle x, TensorHandle target, long reduction);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_l1_loss(TensorHandle x, TensorHandle target, long reduction);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_bce(TensorHandle x, TensorHandle target, TensorHandle weight, long reduction);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_bce_logits(TensorHandle x, TensorHandle target, TensorHandle weight, long reduction);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_kl_div(TensorHandle x, TensorHandle target, long reduction, [MarshalAs(UnmanagedType.U1)] bool logTarget);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_normalize(TensorHandle x, double p, long dim, double eps);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_leaky_relu(TensorHandle x, double slope);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_gelu(TensorHandle x);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_silu(TensorHandle x);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_one_hot(TensorHandle x, long classes);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_nn_lora_linear(TensorHandle x, TensorHandle weight, TensorHandle bias, TensorHandle a, TensorHandle b, double scaling, [MarshalAs(UnmanagedType.U1)] bool enabled);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_nn_lora_merge(TensorHandle weight, TensorHandle a, TensorHandle b, double scaling);
}
