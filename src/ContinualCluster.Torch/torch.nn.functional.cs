using static ContinualCluster.Torch.torch.nn;
using N = ContinualCluster.Torch.Interop.NativeMethods;

namespace ContinualCluster.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Stateless network operations (torch.nn.functional).</summary>
        public static partial class functional
        {
            public static Tensor linear(Tensor input, Tensor weights, Tensor? bias = null) =>
                Tensor.R(N.cc_nn_linear(input.H("linear"), weights.H("linear"), Tensor.HOpt(bias, "linear")), "linear", input, weights, bias);

            public static unsafe Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null, long[]? padding = null, long[]? dilation = null, long groups = 1)
            {
                var s = Pair(strides, 1, "strides");
                var p = Pair(padding, 0, "padding");
                var d = Pair(dilation, 1, "dilation");
                fixed (long* ps = s, pp = p, pd = d)
                    return Tensor.R(N.cc_nn_conv2d(input.H("conv2d"), weight.H("conv2d"), Tensor.HOpt(bias, "conv2d"), ps, pp, pd, groups), "conv2d", input, weight, bias);
            }

            public static unsafe Tensor max_pool2d(Tensor input, long[] kernelSize, long[]? strides = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false)
            {
                var k = Pair(kernelSize, 1, "kernelSize");
                var s = Pair(strides ?? k, 1, "strides");
                var p = Pair(padding, 0, "padding");
                var d = Pair(dilation, 1, "dilation");
                fixed (long* pk = k, ps = s, pp = p, pd = d)
                    return Tensor.R(N.cc_nn_max_pool2d(input.H("max_pool2d"), pk, ps, pp, pd, ceil_mode), "max_pool2d", input);
            }

            public static Tensor max_pool2d(Tensor input, long kernelSize, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                max_pool2d(input, new[] { kernelSize, kernelSize }, new[] { stride ?? kernelSize, stride ?? kernelSize }, new[] { padding, padding }, new[] { dilation, dilation }, ceil_mode);

            public static unsafe Tensor avg_pool2d(Tensor input, long[] kernelSize, long[]? strides = null, long[]? padding = null, bool ceil_mode = false)
            {
                var k = Pair(kernelSize, 1, "kernelSize");
                var s = Pair(strides ?? k, 1, "strides");
                var p = Pair(padding, 0, "padding");
                fixed (long* pk = k, ps = s, pp = p)
                    return Tensor.R(N.cc_nn_avg_pool2d(input.H("avg_pool2d"), pk, ps, pp, ceil_mode), "avg_pool2d", input);
            }

            public static unsafe Tensor adaptive_avg_pool2d(Tensor input, long[] outputSize)
            {
                var o = Pair(outputSize, 1, "outputSize");
                fixed (long* po = o) return Tensor.R(N.cc_nn_adaptive_avg_pool2d(input.H("adaptive_avg_pool2d"), po), "adaptive_avg_pool2d", input);
            }

            private static long[] Pair(long[]? values, long fallback, string what) => values switch
            {
                null => new[] { fallback, fallback },
                { Length: 1 } => new[] { values[0], values[0] },
                { Length: 2 } => values,
                _ => throw new ArgumentException($"{what} must have 1 or 2 values, got {values.Length}", what),
            };

            /// <summary>Pads the last dimensions: pad = (left, right[, top, bottom, ...]).</summary>
            public static unsafe Tensor pad(Tensor input, long[] pad, PaddingModes mode = PaddingModes.Constant, double value = 0)
            {
                var m = mode switch
                {
                    PaddingModes.Constant or PaddingModes.Zeros => 0,
                    PaddingModes.Reflect => 1,
                    PaddingModes.Replicate => 2,
                    _ => throw new NotSupportedException($"pad: mode {mode} is not supported"),
                };
                fixed (long* p = pad)
                    return Tensor.R(N.cc_nn_pad(input.H("pad"), p, pad.Length, m, value), $"pad({string.Join(", ", pad)}, {mode})", input);
            }

            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true, bool inplace = false) =>
                Tensor.R(N.cc_nn_dropout(input.H("dropout"), p, training), "dropout", input);

            public static Tensor relu(Tensor x, bool inplace = false) => x.relu();
            public static Tensor sigmoid(Tensor x) => x.sigmoid();
            public static Tensor tanh(Tensor x) => x.tanh();
            public static Tensor leaky_relu(Tensor x, double negative_slope = 0.01, bool inplace = false) =>
                Tensor.R(N.cc_nn_leaky_relu(x.H("leaky_relu"), negative_slope), "leaky_relu", x);
            public static Tensor gelu(Tensor x) => Tensor.R(N.cc_nn_gelu(x.H("gelu")), "gelu", x);
            public static Tensor silu(Tensor x) => Tensor.R(N.cc_nn_silu(x.H("silu")), "silu", x);
            public static Tensor softmax(Tensor input, long dim) => input.softmax(dim);
            public static Tensor log_softmax(Tensor input, long dim) => input.log_softmax(dim);
            public static Tensor one_hot(Tensor x, long num_classes = -1) => Tensor.R(N.cc_nn_one_hot(x.H("one_hot"), num_classes), "one_hot", x);

            public static Tensor normalize(Tensor input, double p = 2.0, long dim = 1, double eps = 1e-12) =>
                Tensor.R(N.cc_nn_normalize(input.H("normalize"), p, dim, eps), "normalize", input);

            /// <summary>Cross-entropy of logits against class indices (Int64) or class probabilities (same shape as input).</summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean, double label_smoothing = 0.0) =>
                Tensor.R(N.cc_nn_cross_entropy(input.H("cross_entropy"), target.H("cross_entropy"), Tensor.HOpt(weight, "cross_entropy"), (long)reduction, ignore_index, label_smoothing),
                    "cross_entropy", input, target, weight);

            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean) =>
                Tensor.R(N.cc_nn_nll_loss(input.H("nll_loss"), target.H("nll_loss"), Tensor.HOpt(weight, "nll_loss"), (long)reduction, ignore_index), "nll_loss", input, target, weight);

            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Tensor.R(N.cc_nn_mse_loss(input.H("mse_loss"), target.H("mse_loss"), (long)reduction), "mse_loss", input, target);

            public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Tensor.R(N.cc_nn_l1_loss(input.H("l1_loss"), target.H("l1_loss"), (long)reduction), "l1_loss", input, target);

            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
                Tensor.R(N.cc_nn_bce(input.H("binary_cross_entropy"), target.H("binary_cross_entropy"), Tensor.HOpt(weight, "binary_cross_entropy"), (long)reduction), "binary_cross_entropy", input, target, weight);

            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean) =>
                Tensor.R(N.cc_nn_bce_logits(input.H("binary_cross_entropy_with_logits"), target.H("binary_cross_entropy_with_logits"), Tensor.HOpt(weight, "binary_cross_entropy_with_logits"), (long)reduction),
                    "binary_cross_entropy_with_logits", input, target, weight);

            public static Tensor kl_div(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool log_target = false) =>
                Tensor.R(N.cc_nn_kl_div(input.H("kl_div"), target.H("kl_div"), (long)reduction, log_target), "kl_div", input, target);
        }
    }
}
