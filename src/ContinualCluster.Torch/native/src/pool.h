// Max pooling with non-overlapping windows (kernel = stride, no padding or dilation), the LeNet case.
#pragma once
#include "pch.h"

namespace cc {
// True when fast_max_pool2d handles this call exactly as at::max_pool2d would.
bool fast_max_pool2d_applies(const at::Tensor& x, const int64_t* k, const int64_t* s, const int64_t* p, const int64_t* d, bool ceil_mode);
// Same values and gradients as at::max_pool2d (first maximum in row-major window order; NaN propagates).
at::Tensor fast_max_pool2d(const at::Tensor& x, int64_t kernel);
}  // namespace cc
