using System.Runtime.InteropServices;
using ContinualCluster.Torch.Interop;

namespace ContinualCluster.Torch;

public static partial class torch
{
    /// <summary>A reference to a libtorch tensor; dispose it (or let a DisposeScope do so) to free the native memory.</summary>
    public partial class Tensor : IDisposable
    {
        private TensorHandle? _handle;

        internal protected Tensor(IntPtr pointer)
        {
            _handle = new TensorHandle(pointer);
            DisposeScope.Current?.Add(this);
        }

        /// <summary>The dispose scope that will dispose this tensor, if any.</summary>
        public DisposeScope? OwningDisposeScope { get; internal set; }

        /// <summary>True once disposed; any further use throws ObjectDisposedException.</summary>
        public bool IsInvalid => _handle is null || _handle.IsClosed;

        internal TensorHandle Handle => H("use");

        /// <summary>The live native handle, or ObjectDisposedException naming the operation.</summary>
        internal TensorHandle H(string op) =>
            _handle is { IsClosed: false } h ? h
            : throw new ObjectDisposedException(nameof(Tensor), $"torch operation '{op}' was given a tensor that has already been disposed");

        internal static TensorHandle HOpt(Tensor? t, string op) => t is null ? TensorHandle.Null : t.H(op);

        /// <summary>Frees the native tensor now (idempotent).</summary>
        public void Dispose()
        {
            OwningDisposeScope?.Remove(this);
            var h = _handle;
            _handle = null;
            h?.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>Moves this tensor from its dispose scope to the enclosing one (or none), and returns it.</summary>
        public Tensor MoveToOuterDisposeScope() => OwningDisposeScope is { } s ? s.MoveToOuter(this) : this;

        /// <summary>Removes this tensor from its dispose scope: the caller must dispose it.</summary>
        public Tensor DetachFromDisposeScope() => OwningDisposeScope is { } s ? s.Detach(this) : this;

        // ---- results and errors ----

        internal static Tensor R(IntPtr p, string op) => p != IntPtr.Zero ? new Tensor(p) : throw Error(op, Array.Empty<Tensor?>());
        internal static Tensor R(IntPtr p, string op, Tensor? a) => p != IntPtr.Zero ? new Tensor(p) : throw Error(op, a);
        internal static Tensor R(IntPtr p, string op, Tensor? a, Tensor? b) => p != IntPtr.Zero ? new Tensor(p) : throw Error(op, a, b);
        internal static Tensor R(IntPtr p, string op, Tensor? a, Tensor? b, Tensor? c) => p != IntPtr.Zero ? new Tensor(p) : throw Error(op, a, b, c);

        internal static void Check(int rc, string op, params Tensor?[] inputs)
        {
            if (rc < 0) throw Error(op, inputs);
        }

        internal static TorchException Error(string op, params Tensor?[] inputs)
        {
            var message = Marshal.PtrToStringUTF8(NativeMethods.cc_error_last()) ?? "unknown native error";
            NativeMethods.cc_error_clear();
            var described = inputs.Length == 0 ? "no tensor inputs" : "inputs " + string.Join(", ", inputs.Select(Describe));
            return new TorchException(op, described, message.Trim());
        }

        private static string Describe(Tensor? t) =>
            t is null ? "none" : t.IsInvalid ? "<disposed>" : $"[{string.Join(", ", t.shape)}] {t.dtype}";

        // ---- metadata ----

        /// <summary>The size of each dimension.</summary>
        public unsafe long[] shape
        {
            get
            {
                Span<long> buffer = stackalloc long[16];
                int n;
                fixed (long* p = buffer) n = NativeMethods.cc_tensor_shape(H("shape"), p, 16);
                if (n < 0) throw Error("shape", this);
                if (n <= 16) return buffer[..n].ToArray();
                var big = new long[n];
                fixed (long* p = big) NativeMethods.cc_tensor_shape(H("shape"), p, n);
                return big;
            }
        }

        /// <summary>The element type.</summary>
        public ScalarType dtype => (ScalarType)NativeMethods.cc_tensor_dtype(H("dtype"));

        /// <summary>The device (always the CPU in this build).</summary>
        public Device device => Device.CPU;

        /// <summary>The number of dimensions.</summary>
        public long Dimensions => NativeMethods.cc_tensor_ndim(H("dim"));

        public long dim() => Dimensions;

        public long ndim => Dimensions;

        /// <summary>The number of elements.</summary>
        public long NumberOfElements => NativeMethods.cc_tensor_numel(H("numel"));

        public long numel() => NumberOfElements;

        /// <summary>The size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
        public long size(int dim)
        {
            var s = shape;
            var d = dim < 0 ? dim + s.Length : dim;
            if (d < 0 || d >= s.Length) throw new ArgumentOutOfRangeException(nameof(dim), $"dimension {dim} is out of range for shape [{string.Join(", ", s)}]");
            return s[d];
        }

        public long[] size() => shape;

        public bool is_contiguous() => NativeMethods.cc_tensor_is_contiguous(H("is_contiguous")) == 1;

        public override string ToString() =>
            IsInvalid ? "Tensor <disposed>" : $"[{string.Join("x", shape)}], type = {dtype}, device = cpu";
    }
}
