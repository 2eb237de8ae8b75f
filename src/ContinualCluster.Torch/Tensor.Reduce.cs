using N = ContinualCluster.Torch.Interop.NativeMethods;

namespace ContinualCluster.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        private unsafe Tensor Dims(string op, long[] dims, bool keepdim, bool sum)
        {
            fixed (long* d = dims)
                return R(sum ? N.cc_tensor_sum_dims(H(op), d, dims.Length, keepdim) : N.cc_tensor_mean_dims(H(op), d, dims.Length, keepdim), op, this);
        }

        public Tensor sum() => U(N.cc_tensor_sum, "sum");
        public Tensor sum(long dim, bool keepdim = false) => Dims("sum", new[] { dim }, keepdim, sum: true);
        public Tensor sum(long[] dim, bool keepdim = false) => Dims("sum", dim, keepdim, sum: true);
        public Tensor mean() => U(N.cc_tensor_mean, "mean");
        public Tensor mean(long dim, bool keepdim = false) => Dims("mean", new[] { dim }, keepdim, sum: false);
        public Tensor mean(long[] dimensions, bool keepdim = false) => Dims("mean", dimensions, keepdim, sum: false);

        public unsafe Tensor std(bool unbiased = true) => R(N.cc_tensor_std(H("std"), null, 0, unbiased, false, true), "std", this);
        public unsafe Tensor std(long[] dimensions, bool unbiased = true, bool keepdim = false)
        {
            fixed (long* d = dimensions) return R(N.cc_tensor_std(H("std"), d, dimensions.Length, unbiased, keepdim, false), "std", this);
        }
        public Tensor std(long dim, bool unbiased = true, bool keepdim = false) => std(new[] { dim }, unbiased, keepdim);
        public unsafe Tensor var(bool unbiased = true) => R(N.cc_tensor_var(H("var"), null, 0, unbiased, false, true), "var", this);
        public unsafe Tensor var(long[] dimensions, bool unbiased = true, bool keepdim = false)
        {
            fixed (long* d = dimensions) return R(N.cc_tensor_var(H("var"), d, dimensions.Length, unbiased, keepdim, false), "var", this);
        }
        public Tensor var(long dim, bool unbiased = true, bool keepdim = false) => var(new[] { dim }, unbiased, keepdim);

        public Tensor max() => U(N.cc_tensor_max, "max");
        public Tensor min() => U(N.cc_tensor_min, "min");

        public unsafe (Tensor values, Tensor indexes) max(long dim, bool keepdim = false)
        {
            IntPtr v, i;
            Check(N.cc_tensor_max_dim(H("max"), dim, keepdim, &v, &i), "max", this);
            return (new Tensor(v), new Tensor(i));
        }

        public unsafe (Tensor values, Tensor indexes) min(long dim, bool keepdim = false)
        {
            IntPtr v, i;
            Check(N.cc_tensor_min_dim(H("min"), dim, keepdim, &v, &i), "min", this);
            return (new Tensor(v), new Tensor(i));
        }

        public unsafe (Tensor values, Tensor indexes) topk(int k, int dim = -1, bool largest = true, bool sorted = true)
        {
            IntPtr v, i;
            Check(N.cc_tensor_topk(H("topk"), k, dim, largest, &v, &i), "topk", this);
            return (new Tensor(v), new Tensor(i));
        }

        public unsafe (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false)
        {
            IntPtr v, i;
            Check(N.cc_tensor_sort(H("sort"), dim, descending, &v, &i), "sort", this);
            return (new Tensor(v), new Tensor(i));
        }

        public Tensor argmax() => R(N.cc_tensor_argmax(H("argmax"), 0, false, false), "argmax", this);
        public Tensor argmax(long dim, bool keepdim = false) => R(N.cc_tensor_argmax(H("argmax"), dim, true, keepdim), "argmax", this);
        public Tensor argmin() => R(N.cc_tensor_argmin(H("argmin"), 0, false, false), "argmin", this);
        public Tensor argmin(long dim, bool keepdim = false) => R(N.cc_tensor_argmin(H("argmin"), dim, true, keepdim), "argmin", this);

        public Tensor softmax(long dim) => R(N.cc_tensor_softmax(H("softmax"), dim), "softmax", this);
        public Tensor log_softmax(long dim) => R(N.cc_tensor_log_softmax(H("log_softmax"), dim), "log_softmax", this);
        public Tensor logsumexp(long dim, bool keepdim = false) => R(N.cc_tensor_logsumexp(H("logsumexp"), dim, keepdim), "logsumexp", this);
        public Tensor cumsum(long dim) => R(N.cc_tensor_cumsum(H("cumsum"), dim), "cumsum", this);

        /// <summary>The p-norm of all elements.</summary>
        public unsafe Tensor norm(float p = 2.0f) => R(N.cc_tensor_norm(H("norm"), p, null, 0, false, true), "norm", this);

        /// <summary>The p-norm along <paramref name="dim"/>.</summary>
        public unsafe Tensor norm(long dim, bool keepdim = false, float p = 2.0f) => R(N.cc_tensor_norm(H("norm"), p, &dim, 1, keepdim, false), "norm", this);
    }
}
