// nn functional ops: linear, conv, pooling, padding, dropout, losses, and the fused LoRA forward.
#include "common.h"
#include "pool.h"
#include "conv_block.h"

using cc::T;
using cc::wrap;

static at::Tensor opt(void* h) { return h ? T(h) : at::Tensor(); }

CC_API void* cc_nn_linear(void* x, void* w, void* b) { CC_TRY { return wrap(at::linear(T(x), T(w), opt(b))); } CC_CATCH_NULL }

CC_API void* cc_nn_conv2d(void* x, void* w, void* b, const int64_t* stride, const int64_t* padding, const int64_t* dilation, int64_t groups) {
    CC_TRY {
        return wrap(at::conv2d(T(x), T(w), opt(b), at::IntArrayRef(stride, 2), at::IntArrayRef(padding, 2), at::IntArrayRef(dilation, 2), groups));
    } CC_CATCH_NULL
}
CC_API void* cc_nn_max_pool2d(void* x, const int64_t* k, const int64_t* s, const int64_t* p, const int64_t* d, uint8_t ceil) {
    CC_TRY {
        if (cc::fast_max_pool2d_applies(T(x), k, s, p, d, ceil != 0)) return wrap(cc::fast_max_pool2d(T(x), k[0]));
        return wrap(at::max_pool2d(T(x), at::IntArrayRef(k, 2), at::IntArrayRef(s, 2), at::IntArrayRef(p, 2), at::IntArrayRef(d, 2), ceil != 0));
    } CC_CATCH_NULL
}
CC_API void* cc_nn_avg_pool2d(void* x, const int64_t* k, const int64_t* s, const int64_t* p, uint8_t ceil) {
    CC_TRY { return wrap(at::avg_pool2d(T(x), at::IntArrayRef(k, 2), at::IntArrayRef(s, 2), at::IntArrayRef(p, 2), ceil != 0)); } CC_CATCH_NULL
}
CC_API void* cc_nn_adaptive_avg_pool2d(void* x, const int64_t* size) {
    CC_TRY { return wrap(at::adaptive_avg_pool2d(T(x), at::IntArrayRef(size, 2))); } CC_CATCH_NULL
}
// mode: 0 constant, 1 reflect, 2 replicate
CC_API void* cc_nn_pad(void* x, const int64_t* pad, int32_t n, int32_t mode, double value) {
    CC_TRY {
        auto p = cc::dims(pad, n);
        switch (mode) {
            case 0: return wrap(at::constant_pad_nd(T(x), p, value));
            case 1: if (n == 2) return wrap(at::reflection_pad1d(T(x), p)); return wrap(at::reflection_pad2d(T(x), p));
            case 2: if (n == 2) return wrap(at::replication_pad1d(T(x), p)); return wrap(at::replication_pad2d(T(x), p));
            default: throw std::invalid_argument("unknown padding mode");
        }
    } CC_CATCH_NULL
}
CC_API void* cc_nn_dropout(void* x, double p, uint8_t train) { CC_TRY { return wrap(at::dropout(T(x), p, train != 0)); } CC_CATCH_NULL }
CC_API void* cc_nn_cross_entropy(void* x, void* target, void* weight, int64_t reduction, int64_t ignore_index, double smoothing) {
    CC_TRY { return wrap(at::cross_entropy_loss(T(x), T(target), opt(weight), reduction, ignore_index, smoothing)); } CC_CATCH_NULL
}
CC_API void* cc_nn_nll_loss(void* x, void* target, void* weight, int64_t reduction, int64_t ignore_index) {
    CC_TRY { return wrap(at::nll_loss_nd(T(x), T(target), opt(weight), reduction, ignore_index)); } CC_CATCH_NULL
}
CC_API void* cc_nn_mse_loss(void* x, void* target, int64_t reduction) { CC_TRY { return wrap(at::mse_loss(T(x), T(target), reduction)); } CC_CATCH_NULL }
CC_API void* cc_nn_l1_loss(void* x, void* target, int64_t reduction) { CC_TRY { return wrap(at::l1_loss(T(x), T(target), reduction)); } CC_CATCH_NULL }
CC_API void* cc_nn_bce(void* x, void* target, void* weight, int64_t reduction) {
    CC_TRY { return wrap(at::binary_cross_entropy(T(x), T(target), opt(weight), reduction)); } CC_CATCH_NULL
}
CC_API void* cc_nn_bce_logits(void* x, void* target, void* weight, int64_t reduction) {
    CC_TRY { return wrap(at::binary_cross_entropy_with_logits(T(x), T(target), opt(weight), at::Tensor(), reduction)); } CC_CATCH_NULL
}
CC_API void* cc_nn_kl_div(void* x, void* target, int64_t reduction, uint8_t log_target) {
    CC_TRY { return wrap(at::kl_div(T(x), T(target), reduction, log_target != 0)); } CC_CATCH_NULL
}
CC_API void* cc_nn_normalize(void* x, double p, int64_t dim, double eps) {
    CC_TRY {
        auto& t = T(x);
        return wrap(t / t.norm(p, dim, true).clamp_min(eps).expand_as(t));
    } CC_CATCH_NULL
}
CC_API void* cc_nn_leaky_relu(void* x, double slope) { CC_TRY { return wrap(at::leaky_relu(T(x), slope)); } CC_CATCH_NULL }
CC_API void* cc_nn_gelu(void* x) { CC_TRY { return wrap(at::gelu(T(x))); } CC_CATCH_NULL }
CC_API void* cc_nn_silu(void* x) { CC_TRY { return wrap(at::silu(T(x))); } CC_CATCH_NULL }
CC_API void* cc_nn_one_hot(void* x, int64_t classes) { CC_TRY { return wrap(at::one_hot(T(x), classes)); } CC_CATCH_NULL }

// y = x W^T + b + scaling * (x A^T) B^T, in one call; the adapter term is skipped when disabled.
CC_API void* cc_nn_lora_linear(void* x, void* w, void* b, void* a, void* bb, double scaling, uint8_t enabled) {
    CC_TRY {
        auto y = at::linear(T(x), T(w), opt(b));
        if (enabled) y = y.add(at::linear(at::linear(T(x), T(a)), T(bb)), scaling);
        return wrap(y);
    } CC_CATCH_NULL
}
// W += sign * scaling * (B A) without recording a graph: merge (sign = +1) or unmerge (sign = -1).
CC_API int32_t cc_nn_lora_merge(void* w, void* a, void* bb, double scaling) {
    CC_TRY {
        at::NoGradGuard g;
        T(w).add_(at::mm(T(bb), T(a)), scaling);
        return 0;
    } CC_CATCH_INT
}

// act(max_pool2d(conv2d(x, w, b), pool)) with act 0 none, 1 relu, 2 sigmoid, 3 tanh, stride 1, no padding, and a
// non-overlapping pool window (pool = 1: none). One autograd node and one parallel pass when conv2d_block applies
// (float32 on the CPU); otherwise the same composition of libtorch ops, so every input gets a correct answer.
CC_API void* cc_nn_conv2d_block(void* x, void* w, void* b, int32_t act, int64_t pool) {
    CC_TRY {
        if (act < 0 || act > 3) throw std::invalid_argument("conv2d_block: unknown activation code " + std::to_string(act));
        if (pool < 1) throw std::invalid_argument("conv2d_block: pool window must be at least 1, got " + std::to_string(pool));
        const auto bias = opt(b);
        if (cc::conv2d_block_applies(T(x), T(w), bias, act, pool)) return wrap(cc::conv2d_block(T(x), T(w), bias, act, pool));
        auto y = at::conv2d(T(x), T(w), bias);
        switch (act) {
            case 1: y = at::relu(y); break;
            case 2: y = at::sigmoid(y); break;
            case 3: y = at::tanh(y); break;
            default: break;
        }
        if (pool > 1) y = at::max_pool2d(y, {pool, pool}, {pool, pool});
        return wrap(y);
    } CC_CATCH_NULL
}
// 1 when the fused block would run for these inputs (tests use it to know which path they compare).
CC_API int32_t cc_nn_conv2d_block_fused(void* x, void* w, void* b, int32_t act, int64_t pool) {
    CC_TRY { return cc::conv2d_block_applies(T(x), T(w), opt(b), act, pool) ? 1 : 0; } CC_CATCH_INT
}
CC_API const char* cc_nn_conv2d_block_kernels() { return cc::conv2d_block_kernels(); }
CC_API int32_t cc_nn_conv2d_block_use_kernels(const char* name) { return cc::use_conv2d_block_kernels(name) ? 0 : -1; }
