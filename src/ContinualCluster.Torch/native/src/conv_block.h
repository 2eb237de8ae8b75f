// The fused convolution block of LeNet-style nets: conv2d (stride 1, no padding) + bias + activation + max pooling.
#pragma once
#include "pch.h"

namespace cc {
// Activation codes shared with the managed side (ConvBlockActivation).
enum class BlockAct : int32_t { None = 0, ReLU = 1, Sigmoid = 2, Tanh = 3 };

// True when conv2d_block handles this call (float32, 4-D input, 4-D weight with matching channels, kernel no
// larger than the input, pool window 1..15 no larger than the convolution output); otherwise compose the ops.
bool conv2d_block_applies(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b, int32_t act, int64_t pool);
// act(max_pool(conv2d(x, w, b), pool)) as one autograd node; pool = 1 means no pooling. The values equal the composed
// ops up to float rounding (a different summation order); the pooling window's position is chosen on the convolution
// output before the (monotone) activation.
at::Tensor conv2d_block(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b, int32_t act, int64_t pool);
// The instruction set of the kernels in use: "avx512", "avx2" or "baseline" (CC_TORCH_CONV_ISA overrides).
const char* conv2d_block_kernels();
// Switches to the named kernels ("avx512", "avx2", "baseline", "" = best for this CPU); false if this CPU lacks them.
bool use_conv2d_block_kernels(const char* name);
}  // namespace cc
