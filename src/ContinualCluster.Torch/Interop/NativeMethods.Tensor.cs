using System.Runtime.InteropServices;

namespace ContinualCluster.Torch.Interop;

// tensor.cpp: creation, metadata, element access, shape manipulation, indexing.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_from_data(void* data, int dtype, long* shape, int ndim, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_new(int kind, long* shape, int ndim, int dtype, double value, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_arange(double start, double end, double step, int dtype, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_randint(long low, long high, long* shape, int ndim, int dtype);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_randperm(long n, int dtype);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_tensor_ndim(TensorHandle a);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_tensor_shape(TensorHandle a, long* shape, int capacity);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_tensor_dtype(TensorHandle a);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial long cc_tensor_numel(TensorHandle a);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_tensor_is_contiguous(TensorHandle a);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_tensor_copy_to(TensorHandle a, void* dst, long bytes);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_tensor_copy_from(TensorHandle a, void* src, long bytes);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_tensor_item_f64(TensorHandle a, double* value);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_tensor_item_i64(TensorHandle a, long* value);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_reshape(TensorHandle a, long* shape, int n);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_view(TensorHandle a, long* shape, int n);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_expand(TensorHandle a, long* shape, int n);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_permute(TensorHandle a, long* dims, int n);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_repeat(TensorHandle a, long* repeats, int n);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_transpose(TensorHandle a, long d0, long d1);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_t(TensorHandle a);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_contiguous(TensorHandle a);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_flatten(TensorHandle a, long start, long end);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_squeeze(TensorHandle a, long dim, [MarshalAs(UnmanagedType.U1)] bool all);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_unsqueeze(TensorHandle a, long dim);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_narrow(TensorHandle a, long dim, long start, long length);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_slice(TensorHandle a, long dim, long start, long end, long step);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_select(TensorHandle a, long dim, long index);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_index_select(TensorHandle a, long dim, TensorHandle index);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_gather(TensorHandle a, long dim, TensorHandle index);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_scatter(TensorHandle a, long dim, TensorHandle index, TensorHandle src);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_masked_fill(TensorHandle a, TensorHandle mask, double value);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_masked_select(TensorHandle a, TensorHandle mask);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_to_dtype(TensorHandle a, int dtype);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_alias(TensorHandle a);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_cat(IntPtr* tensors, int n, long dim);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_stack(IntPtr* tensors, int n, long dim);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_tensor_split(TensorHandle a, long size, long dim, IntPtr* output, int capacity);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial IntPtr cc_tensor_index(TensorHandle a, int n, int* kinds, long* starts, long* stops, long* steps, int* has, IntPtr* tensors);
    [LibraryImport(NativeLibraryLoader.LibraryName)] internal static partial int cc_tensor_index_put(TensorHandle a, int n, int* kinds, long* starts, long* stops, long* steps, int* has, IntPtr* tensors, TensorHandle value);
}
