using ContinualCluster.Torch.Interop;
using N = ContinualCluster.Torch.Interop.NativeMethods;

namespace ContinualCluster.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        private Tensor U(Func<TensorHandle, IntPtr> f, string op) => R(f(H(op)), op, this);
        private Tensor B(Func<TensorHandle, TensorHandle, IntPtr> f, Tensor other, string op) => R(f(H(op), other.H(op)), op, this, other);
        private Tensor S(Func<TensorHandle, double, IntPtr> f, double s, string op) => R(f(H(op), s), op, this);

        public Tensor neg() => U(N.cc_tensor_neg, "neg");
        public Tensor exp() => U(N.cc_tensor_exp, "exp");
        public Tensor log() => U(N.cc_tensor_log, "log");
        public Tensor sigmoid() => U(N.cc_tensor_sigmoid, "sigmoid");
        public Tensor relu() => U(N.cc_tensor_relu, "relu");
        public Tensor tanh() => U(N.cc_tensor_tanh, "tanh");
        public Tensor sqrt() => U(N.cc_tensor_sqrt, "sqrt");
        public Tensor abs() => U(N.cc_tensor_abs, "abs");
        public Tensor sign() => U(N.cc_tensor_sign, "sign");
        public Tensor square() => U(N.cc_tensor_square, "square");
        public Tensor clone() => U(N.cc_tensor_clone, "clone");
        public Tensor logical_not() => U(N.cc_tensor_logical_not, "logical_not");
        public Tensor isnan() => U(N.cc_tensor_isnan, "isnan");

        public Tensor add(Tensor other) => B(N.cc_tensor_add, other, "add");
        public Tensor add(Tensor other, double alpha) => R(N.cc_tensor_add_alpha(H("add"), other.H("add"), alpha), "add", this, other);
        public Tensor sub(Tensor other) => B(N.cc_tensor_sub, other, "sub");
        public Tensor mul(Tensor other) => B(N.cc_tensor_mul, other, "mul");
        public Tensor div(Tensor other) => B(N.cc_tensor_div, other, "div");
        public Tensor pow(Tensor exponent) => B(N.cc_tensor_pow_t, exponent, "pow");
        public Tensor matmul(Tensor other) => B(N.cc_tensor_matmul, other, "matmul");
        public Tensor mm(Tensor other) => B(N.cc_tensor_mm, other, "mm");
        public Tensor bmm(Tensor other) => B(N.cc_tensor_bmm, other, "bmm");
        public Tensor outer(Tensor other) => B(N.cc_tensor_outer, other, "outer");
        public Tensor maximum(Tensor other) => B(N.cc_tensor_maximum, other, "maximum");
        public Tensor minimum(Tensor other) => B(N.cc_tensor_minimum, other, "minimum");
        public Tensor eq(Tensor other) => B(N.cc_tensor_eq, other, "eq");
        public Tensor ne(Tensor other) => B(N.cc_tensor_ne, other, "ne");
        public Tensor lt(Tensor other) => B(N.cc_tensor_lt, other, "lt");
        public Tensor le(Tensor other) => B(N.cc_tensor_le, other, "le");
        public Tensor gt(Tensor other) => B(N.cc_tensor_gt, other, "gt");
        public Tensor ge(Tensor other) => B(N.cc_tensor_ge, other, "ge");
        public Tensor logical_and(Tensor other) => B(N.cc_tensor_logical_and, other, "logical_and");
        public Tensor logical_or(Tensor other) => B(N.cc_tensor_logical_or, other, "logical_or");

        public Tensor add(double other) => S(N.cc_tensor_add_s, other, "add");
        public Tensor sub(double other) => S(N.cc_tensor_sub_s, other, "sub");
        public Tensor mul(double other) => S(N.cc_tensor_mul_s, other, "mul");
        public Tensor div(double other) => S(N.cc_tensor_div_s, other, "div");
        public Tensor pow(double exponent) => S(N.cc_tensor_pow_s, exponent, "pow");
        public Tensor eq(double other) => S(N.cc_tensor_eq_s, other, "eq");
        public Tensor ne(double other) => S(N.cc_tensor_ne_s, other, "ne");
        public Tensor lt(double other) => S(N.cc_tensor_lt_s, other, "lt");
        public Tensor le(double other) => S(N.cc_tensor_le_s, other, "le");
        public Tensor gt(double other) => S(N.cc_tensor_gt_s, other, "gt");
        public Tensor ge(double other) => S(N.cc_tensor_ge_s, other, "ge");

        public Tensor clamp(double? min = null, double? max = null) =>
            R(N.cc_tensor_clamp(H("clamp"), min ?? 0, max ?? 0, min.HasValue, max.HasValue), "clamp", this);
        public Tensor clamp_min(double min) => clamp(min, null);
        public Tensor clamp_max(double max) => clamp(null, max);
        public Tensor where(Tensor condition, Tensor other) => R(N.cc_tensor_where(condition.H("where"), H("where"), other.H("where")), "where", condition, this, other);
        public Tensor masked_fill(Tensor mask, double value) => R(N.cc_tensor_masked_fill(H("masked_fill"), mask.H("masked_fill"), value), "masked_fill", this, mask);
        public Tensor masked_select(Tensor mask) => B(N.cc_tensor_masked_select, mask, "masked_select");

        // ---- in place (return this, as TorchSharp does) ----
        public Tensor add_(Tensor other, double alpha = 1) { Check(N.cc_tensor_add_(H("add_"), other.H("add_"), alpha), "add_", this, other); return this; }
        public Tensor sub_(Tensor other, double alpha = 1) { Check(N.cc_tensor_sub_(H("sub_"), other.H("sub_"), alpha), "sub_", this, other); return this; }
        public Tensor mul_(Tensor other) { Check(N.cc_tensor_mul_(H("mul_"), other.H("mul_"), 0), "mul_", this, other); return this; }
        public Tensor div_(Tensor other) { Check(N.cc_tensor_div_(H("div_"), other.H("div_"), 0), "div_", this, other); return this; }
        public Tensor copy_(Tensor source) { Check(N.cc_tensor_copy_(H("copy_"), source.H("copy_"), 0), "copy_", this, source); return this; }
        public Tensor add_(double other) { Check(N.cc_tensor_add_s_(H("add_"), other), "add_", this); return this; }
        public Tensor mul_(double other) { Check(N.cc_tensor_mul_s_(H("mul_"), other), "mul_", this); return this; }
        public Tensor fill_(double value) { Check(N.cc_tensor_fill_(H("fill_"), value), "fill_", this); return this; }
        public Tensor zero_() { Check(N.cc_tensor_zero_(H("zero_")), "zero_", this); return this; }
        public Tensor uniform_(double from = 0, double to = 1) { Check(N.cc_tensor_uniform_(H("uniform_"), from, to), "uniform_", this); return this; }
        public Tensor normal_(double mean = 0, double std = 1) { Check(N.cc_tensor_normal_(H("normal_"), mean, std), "normal_", this); return this; }
        public Tensor clamp_(double? min = null, double? max = null)
        {
            Check(N.cc_tensor_clamp_(H("clamp_"), min ?? 0, max ?? 0, min.HasValue, max.HasValue), "clamp_", this);
            return this;
        }

        // ---- operators ----
        public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
        public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
        public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
        public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
        public static Tensor operator +(Tensor a, double b) => a.add(b);
        public static Tensor operator -(Tensor a, double b) => a.sub(b);
        public static Tensor operator *(Tensor a, double b) => a.mul(b);
        public static Tensor operator /(Tensor a, double b) => a.div(b);
        public static Tensor operator +(double a, Tensor b) => b.add(a);
        public static Tensor operator -(double a, Tensor b) => R(N.cc_tensor_rsub_s(b.H("rsub"), a), "rsub", b);
        public static Tensor operator *(double a, Tensor b) => b.mul(a);
        public static Tensor operator /(double a, Tensor b) => R(N.cc_tensor_rdiv_s(b.H("rdiv"), a), "rdiv", b);
        public static Tensor operator -(Tensor a) => a.neg();

        /// <summary>True when the tensors have the same shape and elements (bitwise for floats, NaN aside).</summary>
        public bool equal(Tensor other) { var r = N.cc_tensor_equal(H("equal"), other.H("equal")); Check(r, "equal", this, other); return r == 1; }

        public bool allclose(Tensor other, double rtol = 1e-05, double atol = 1e-08)
        {
            var r = N.cc_tensor_allclose(H("allclose"), other.H("allclose"), rtol, atol);
            Check(r, "allclose", this, other);
            return r == 1;
        }
    }
}
