using ContinualCluster.Torch.Interop;

namespace ContinualCluster.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>The elements, row-major; <typeparamref name="T"/> must match the dtype.</summary>
        public TensorAccessor<T> data<T>() where T : unmanaged => new(ToArrayOf<T>("data"));

        private unsafe T[] ToArrayOf<T>(string op) where T : unmanaged
        {
            var want = ScalarTypeOf<T>();
            var have = dtype;
            if (want != have)
                throw new TorchException(op, Describe(this), $"requested elements of type {typeof(T).Name} ({want}) but the tensor holds {have}");
            var result = new T[numel()];
            fixed (T* p = result)
                Check(NativeMethods.cc_tensor_copy_to(H(op), p, (long)result.Length * sizeof(T)), op, this);
            return result;
        }

        /// <summary>Overwrites the elements from <paramref name="values"/> (row-major), keeping this tensor's identity.</summary>
        public unsafe void CopyFrom<T>(ReadOnlySpan<T> values) where T : unmanaged
        {
            var want = ScalarTypeOf<T>();
            if (want != dtype)
                throw new TorchException("copy_from", Describe(this), $"source elements are {typeof(T).Name} ({want}) but the tensor holds {dtype}");
            fixed (T* p = values)
                Check(NativeMethods.cc_tensor_copy_from(H("copy_from"), p, (long)values.Length * sizeof(T)), "copy_from", this);
        }

        /// <summary>The value of a one-element tensor.</summary>
        public unsafe T item<T>() where T : unmanaged
        {
            var n = numel();
            if (n != 1) throw new TorchException("item", Describe(this), $"item() needs exactly one element, the tensor has {n}");
            if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
            {
                double v;
                Check(NativeMethods.cc_tensor_item_f64(H("item"), &v), "item", this);
                return typeof(T) == typeof(float) ? (T)(object)(float)v : (T)(object)v;
            }
            long l;
            Check(NativeMethods.cc_tensor_item_i64(H("item"), &l), "item", this);
            if (typeof(T) == typeof(long)) return (T)(object)l;
            if (typeof(T) == typeof(int)) return (T)(object)(int)l;
            if (typeof(T) == typeof(bool)) return (T)(object)(l != 0);
            if (typeof(T) == typeof(byte)) return (T)(object)(byte)l;
            throw new ArgumentException($"item<{typeof(T).Name}> is not supported");
        }

        /// <summary>A string with the elements, for debugging.</summary>
        public string ToString(bool withData)
        {
            if (!withData || IsInvalid) return ToString();
            using var f = to_type(ScalarType.Float64);
            return ToString() + " " + string.Join(", ", f.data<double>().Take(32).Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
