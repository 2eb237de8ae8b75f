using N = ContinualCluster.Torch.Interop.NativeMethods;

namespace ContinualCluster.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Python-style indexing: t[0], t[TensorIndex.Slice(1, 3)], t[TensorIndex.Ellipsis, idx].</summary>
        public Tensor this[params TensorIndex[] indices]
        {
            get => index(indices);
            set => index_put_(value, indices);
        }

        public Tensor this[long i0] => select(0, i0);

        public unsafe Tensor index(params TensorIndex[] indices)
        {
            var n = indices.Length;
            var (kinds, a, b, c, has, tensors) = Pack(indices, "index");
            IntPtr r;
            fixed (int* k = kinds, hp = has)
            fixed (long* pa = a, pb = b, pc = c)
            fixed (IntPtr* pt = tensors)
                r = N.cc_tensor_index(H("index"), n, k, pa, pb, pc, hp, pt);
            GC.KeepAlive(indices);
            if (r == IntPtr.Zero) throw Error($"index[{string.Join(", ", indices.Select(i => i.ToString()))}]", this);
            return new Tensor(r);
        }

        public unsafe Tensor index_put_(Tensor value, params TensorIndex[] indices)
        {
            var n = indices.Length;
            var (kinds, a, b, c, has, tensors) = Pack(indices, "index_put_");
            int r;
            fixed (int* k = kinds, hp = has)
            fixed (long* pa = a, pb = b, pc = c)
            fixed (IntPtr* pt = tensors)
                r = N.cc_tensor_index_put(H("index_put_"), n, k, pa, pb, pc, hp, pt, value.H("index_put_"));
            GC.KeepAlive(indices);
            if (r < 0) throw Error($"index_put_[{string.Join(", ", indices.Select(i => i.ToString()))}]", this, value);
            return this;
        }

        /// <summary>Flattens indices into the parallel arrays the native index calls take.</summary>
        private static (int[] Kinds, long[] A, long[] B, long[] C, int[] Has, IntPtr[] Tensors) Pack(TensorIndex[] indices, string op)
        {
            var n = indices.Length;
            var packed = (new int[n], new long[n], new long[n], new long[n], new int[n], new IntPtr[n]);
            Fill(indices, packed.Item1, packed.Item2, packed.Item3, packed.Item4, packed.Item5, packed.Item6, op);
            return packed;
        }

        private static void Fill(TensorIndex[] indices, int[] kinds, long[] a, long[] b, long[] c, int[] has, IntPtr[] tensors, string op)
        {
            for (var i = 0; i < indices.Length; i++)
            {
                var x = indices[i];
                kinds[i] = (int)x.kind_;
                a[i] = x.kind_ == TensorIndex.Kind.Slice ? x.startOpt_ ?? 0 : x.start_;
                b[i] = x.stopOpt_ ?? 0;
                c[i] = x.stepOpt_ ?? 1;
                has[i] = (x.startOpt_.HasValue ? 1 : 0) | (x.stopOpt_.HasValue ? 2 : 0) | (x.stepOpt_.HasValue ? 4 : 0);
                tensors[i] = x.tensor_ is { } t ? t.H(op).DangerousGetHandle() : IntPtr.Zero;
            }
        }
    }
}
