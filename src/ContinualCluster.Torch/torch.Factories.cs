using ContinualCluster.Torch.Interop;
using static ContinualCluster.Torch.torch;

namespace ContinualCluster.Torch;

public static partial class torch
{
    private enum Factory { Empty = 0, Zeros = 1, Ones = 2, Randn = 3, Rand = 4, Full = 5 }

    public static Tensor tensor(float[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<float>(rawArray, dimensions, dtype, requires_grad);
    public static Tensor tensor(double[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<double>(rawArray, dimensions, dtype, requires_grad);
    public static Tensor tensor(long[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<long>(rawArray, dimensions, dtype, requires_grad);
    public static Tensor tensor(int[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<int>(rawArray, dimensions, dtype, requires_grad);
    public static Tensor tensor(bool[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<bool>(rawArray, dimensions, dtype, requires_grad);
    public static Tensor tensor(byte[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<byte>(rawArray, dimensions, dtype, requires_grad);
    public static Tensor tensor(ReadOnlySpan<float> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan(rawArray, dimensions, dtype, requires_grad);
    public static Tensor tensor(ReadOnlySpan<long> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan(rawArray, dimensions, dtype, requires_grad);

    public static Tensor tensor(float[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<float>(rawArray, new[] { (long)rawArray.Length }, dtype, requires_grad);
    public static Tensor tensor(double[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<double>(rawArray, new[] { (long)rawArray.Length }, dtype, requires_grad);
    public static Tensor tensor(long[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<long>(rawArray, new[] { (long)rawArray.Length }, dtype, requires_grad);
    public static Tensor tensor(int[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<int>(rawArray, new[] { (long)rawArray.Length }, dtype, requires_grad);
    public static Tensor tensor(bool[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<bool>(rawArray, new[] { (long)rawArray.Length }, dtype, requires_grad);

    /// <summary>A zero-dimensional tensor holding <paramref name="scalar"/>.</summary>
    public static Tensor tensor(float scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<float>(new[] { scalar }, Array.Empty<long>(), dtype, requires_grad);
    public static Tensor tensor(double scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<double>(new[] { scalar }, Array.Empty<long>(), dtype, requires_grad);
    public static Tensor tensor(long scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<long>(new[] { scalar }, Array.Empty<long>(), dtype, requires_grad);

    private static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> data, long[] dimensions, ScalarType? dtype, bool requiresGrad) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        long count = 1;
        foreach (var d in dimensions)
        {
            if (d < 0) throw new ArgumentException($"tensor: negative dimension in shape [{string.Join(", ", dimensions)}]", nameof(dimensions));
            count *= d;
        }
        if (count != data.Length)
            throw new ArgumentException($"tensor: {data.Length} values do not fill shape [{string.Join(", ", dimensions)}] ({count} elements)", nameof(dimensions));
        var native = ScalarTypeOf<T>();
        Tensor result;
        fixed (T* p = data)
        fixed (long* s = dimensions)
            result = Tensor.R(NativeMethods.cc_tensor_from_data(p, (int)native, s, dimensions.Length, requiresGrad && dtype is null), "tensor");
        if (dtype is null || dtype == native) return result;
        using (result)
        {
            var converted = result.to_type(dtype.Value);
            if (requiresGrad) converted.requires_grad = true;
            return converted;
        }
    }

    private static unsafe Tensor Make(Factory kind, long[] size, ScalarType? dtype, bool requiresGrad, double value = 0)
    {
        fixed (long* s = size)
            return Tensor.R(NativeMethods.cc_tensor_new((int)kind, s, size.Length, (int)(dtype ?? ScalarType.Float32), value, requiresGrad), kind.ToString().ToLowerInvariant());
    }

    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Empty, size, dtype, requires_grad);
    public static Tensor empty(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Empty, new[] { size }, dtype, requires_grad);
    public static Tensor empty(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Empty, new[] { rows, columns }, dtype, requires_grad);
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Zeros, size, dtype, requires_grad);
    public static Tensor zeros(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Zeros, new[] { size }, dtype, requires_grad);
    public static Tensor zeros(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Zeros, new[] { rows, columns }, dtype, requires_grad);
    public static Tensor zeros(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Zeros, new[] { dim0, dim1, dim2 }, dtype, requires_grad);
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Ones, size, dtype, requires_grad);
    public static Tensor ones(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Ones, new[] { size }, dtype, requires_grad);
    public static Tensor ones(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Ones, new[] { rows, columns }, dtype, requires_grad);
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Randn, size, dtype, requires_grad);
    public static Tensor randn(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Randn, new[] { size }, dtype, requires_grad);
    public static Tensor randn(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Randn, new[] { rows, columns }, dtype, requires_grad);
    public static Tensor randn(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Randn, new[] { dim0, dim1, dim2 }, dtype, requires_grad);
    public static Tensor randn(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Randn, new[] { dim0, dim1, dim2, dim3 }, dtype, requires_grad);
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Rand, size, dtype, requires_grad);
    public static Tensor rand(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Rand, new[] { size }, dtype, requires_grad);
    public static Tensor rand(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Rand, new[] { rows, columns }, dtype, requires_grad);
    public static Tensor full(long[] size, double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Full, size, dtype, requires_grad, value);
    public static Tensor full(long rows, long columns, double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(Factory.Full, new[] { rows, columns }, dtype, requires_grad, value);

    public static Tensor zeros_like(Tensor input, ScalarType? dtype = null, bool requires_grad = false) => zeros(input.shape, dtype ?? input.dtype, null, requires_grad);
    public static Tensor ones_like(Tensor input, ScalarType? dtype = null, bool requires_grad = false) => ones(input.shape, dtype ?? input.dtype, null, requires_grad);
    public static Tensor randn_like(Tensor input, ScalarType? dtype = null, bool requires_grad = false) => randn(input.shape, dtype ?? input.dtype, null, requires_grad);
    public static Tensor rand_like(Tensor input, ScalarType? dtype = null, bool requires_grad = false) => rand(input.shape, dtype ?? input.dtype, null, requires_grad);
    public static Tensor full_like(Tensor input, double value, ScalarType? dtype = null, bool requires_grad = false) => full(input.shape, value, dtype ?? input.dtype, null, requires_grad);

    public static Tensor arange(long stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => arange(0, stop, 1, dtype ?? ScalarType.Int64, device, requires_grad);
    public static Tensor arange(double start, double stop, double step = 1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Tensor.R(NativeMethods.cc_tensor_arange(start, stop, step, (int)(dtype ?? ScalarType.Float32), requires_grad), "arange");

    public static unsafe Tensor randint(long low, long high, long[] size, ScalarType? dtype = null)
    {
        fixed (long* s = size) return Tensor.R(NativeMethods.cc_tensor_randint(low, high, s, size.Length, (int)(dtype ?? ScalarType.Int64)), "randint");
    }
    public static Tensor randint(long high, long[] size, ScalarType? dtype = null) => randint(0, high, size, dtype);

    public static Tensor randperm(long n, ScalarType? dtype = null) => Tensor.R(NativeMethods.cc_tensor_randperm(n, (int)(dtype ?? ScalarType.Int64)), "randperm");
}
