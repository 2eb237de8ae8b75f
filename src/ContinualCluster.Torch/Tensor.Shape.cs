using N = ContinualCluster.Torch.Interop.NativeMethods;

namespace ContinualCluster.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        private unsafe Tensor Sh(string op, long[] values, int kind)
        {
            fixed (long* p = values)
            {
                var h = H(op);
                var r = kind switch
                {
                    0 => N.cc_tensor_reshape(h, p, values.Length),
                    1 => N.cc_tensor_view(h, p, values.Length),
                    2 => N.cc_tensor_expand(h, p, values.Length),
                    3 => N.cc_tensor_permute(h, p, values.Length),
                    _ => N.cc_tensor_repeat(h, p, values.Length),
                };
                if (r == IntPtr.Zero) throw Error($"{op} to [{string.Join(", ", values)}]", this);
                return new Tensor(r);
            }
        }

        public Tensor reshape(params long[] shape) => Sh("reshape", shape, 0);
        public Tensor view(params long[] shape) => Sh("view", shape, 1);
        public Tensor expand(params long[] sizes) => Sh("expand", sizes, 2);
        public Tensor permute(params long[] dims) => Sh("permute", dims, 3);
        public Tensor repeat(params long[] repeats) => Sh("repeat", repeats, 4);
        public Tensor expand_as(Tensor other) => expand(other.shape);
        public Tensor view_as(Tensor other) => view(other.shape);
        public Tensor reshape_as(Tensor other) => reshape(other.shape);

        public Tensor transpose(long dim0, long dim1) => R(N.cc_tensor_transpose(H("transpose"), dim0, dim1), "transpose", this);
        public Tensor t() => U(N.cc_tensor_t, "t");
        public Tensor T => t();
        public Tensor contiguous() => U(N.cc_tensor_contiguous, "contiguous");
        public Tensor flatten(long start_dim = 0, long end_dim = -1) => R(N.cc_tensor_flatten(H("flatten"), start_dim, end_dim), "flatten", this);
        public Tensor squeeze() => R(N.cc_tensor_squeeze(H("squeeze"), 0, true), "squeeze", this);
        public Tensor squeeze(long dim) => R(N.cc_tensor_squeeze(H("squeeze"), dim, false), "squeeze", this);
        public Tensor unsqueeze(long dim) => R(N.cc_tensor_unsqueeze(H("unsqueeze"), dim), "unsqueeze", this);

        public Tensor narrow(long dim, long start, long length) => R(N.cc_tensor_narrow(H("narrow"), dim, start, length), "narrow", this);
        public Tensor slice(long dim, long start, long finish, long step) => R(N.cc_tensor_slice(H("slice"), dim, start, finish, step), "slice", this);
        public Tensor select(long dim, long index) => R(N.cc_tensor_select(H("select"), dim, index), "select", this);
        public Tensor index_select(long dim, Tensor index) => R(N.cc_tensor_index_select(H("index_select"), dim, index.H("index_select")), "index_select", this, index);
        public Tensor gather(long dim, Tensor index) => R(N.cc_tensor_gather(H("gather"), dim, index.H("gather")), "gather", this, index);
        public Tensor scatter(long dim, Tensor index, Tensor src) =>
            R(N.cc_tensor_scatter(H("scatter"), dim, index.H("scatter"), src.H("scatter")), "scatter", this, index, src);

        /// <summary>Splits into chunks of <paramref name="size"/> along <paramref name="dim"/> (the last may be smaller).</summary>
        public unsafe Tensor[] split(long size, long dim = 0)
        {
            if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), "split size must be positive");
            var s = shape;
            var d = dim < 0 ? dim + s.Length : dim;
            if (d < 0 || d >= s.Length) throw new ArgumentOutOfRangeException(nameof(dim), $"split: dimension {dim} is out of range for shape [{string.Join(", ", s)}]");
            var capacity = (int)Math.Max(1, (s[d] + size - 1) / size);
            var handles = new IntPtr[capacity];
            int n;
            fixed (IntPtr* p = handles) n = N.cc_tensor_split(H("split"), size, dim, p, capacity);
            Check(n, "split", this);
            return handles.Take(n).Select(h => new Tensor(h)).ToArray();
        }

        public Tensor to_type(ScalarType type) => R(N.cc_tensor_to_dtype(H("to_type"), (int)type), $"to_type({type})", this);
        public Tensor to(ScalarType type) => to_type(type);
        public Tensor to(Device device) => device == Device.CPU ? R(N.cc_tensor_alias(H("to")), "to", this) : throw new NotSupportedException($"device {device} is not available in this CPU-only build");
        public Tensor cpu() => to(Device.CPU);
        public Tensor @float() => to_type(ScalarType.Float32);
        public Tensor @double() => to_type(ScalarType.Float64);
        public Tensor @long() => to_type(ScalarType.Int64);
        public Tensor @int() => to_type(ScalarType.Int32);
        public Tensor @bool() => to_type(ScalarType.Bool);

        /// <summary>A second reference to the same tensor (same storage and autograd identity).</summary>
        public Tensor alias() => U(N.cc_tensor_alias, "alias");
    }
}
