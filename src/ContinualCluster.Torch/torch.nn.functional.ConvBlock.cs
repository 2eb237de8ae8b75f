using System.Runtime.InteropServices;
using N = ContinualCluster.Torch.Interop.NativeMethods;

namespace ContinualCluster.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// act(max_pool2d(conv2d(input, weight, bias), pool)) in one native call and one autograd node: stride 1, no
            /// padding, a non-overlapping pool×pool window (pool = 1: no pooling). Float32 CPU tensors take the fused
            /// kernels (the values equal the composed ops up to float rounding); anything else runs the composed libtorch
            /// ops. <see cref="Modules.Sequential"/> uses it for Conv2d → activation → MaxPool2d runs of its layers.
            /// </summary>
            public static Tensor conv2d_block(Tensor input, Tensor weight, Tensor? bias, ConvBlockActivation activation, long pool = 1)
            {
                if (!Enum.IsDefined(activation)) throw new ArgumentOutOfRangeException(nameof(activation), activation, "conv2d_block: unknown activation");
                if (pool < 1) throw new ArgumentOutOfRangeException(nameof(pool), pool, "conv2d_block: the pool window must be at least 1");
                return Tensor.R(N.cc_nn_conv2d_block(input.H("conv2d_block"), weight.H("conv2d_block"), Tensor.HOpt(bias, "conv2d_block"), (int)activation, pool),
                    "conv2d_block", input, weight, bias);
            }

            /// <summary>True when <see cref="conv2d_block"/> would take the fused kernels for these arguments (not the composed fallback).</summary>
            public static bool conv2d_block_is_fused(Tensor input, Tensor weight, Tensor? bias, ConvBlockActivation activation, long pool = 1)
            {
                var r = N.cc_nn_conv2d_block_fused(input.H("conv2d_block"), weight.H("conv2d_block"), Tensor.HOpt(bias, "conv2d_block"), (int)activation, pool);
                if (r < 0) throw Tensor.Error("conv2d_block", input, weight, bias);
                return r == 1;
            }

            /// <summary>The instruction set of the fused convolution kernels on this CPU: "avx512", "avx2" or "baseline" (CC_TORCH_CONV_ISA overrides).</summary>
            public static string conv2d_block_kernels => Marshal.PtrToStringUTF8(N.cc_nn_conv2d_block_kernels()) ?? "";

            /// <summary>Tests: switches the process to the named kernels ("avx512", "avx2", "baseline"; "" = best for this CPU); false when this CPU lacks them.</summary>
            internal static bool use_conv2d_block_kernels(string name) => N.cc_nn_conv2d_block_use_kernels(name) == 0;
        }
    }
}
