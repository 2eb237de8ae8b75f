// A direct kernel for non-overlapping 2-D max pooling with its own autograd node. libtorch 1.13's generic NCHW
// max_pool2d_with_indices kernel computes 64-bit indices through a general window loop and is several times slower
// than this for the 2x2/stride-2 pooling of LeNet; the results (values, chosen positions, gradients) are identical.
#include "pool.h"
#include <torch/csrc/autograd/custom_function.h>
#include <cmath>

namespace {
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

int64_t grain_for(int64_t plane) { return std::max<int64_t>(1, 32768 / std::max<int64_t>(1, plane)); }

template <typename T>
void forward_kernel(const T* in, T* out, uint8_t* arg, int64_t planes, int64_t H, int64_t W, int64_t k) {
    const int64_t OH = H / k, OW = W / k;
    at::parallel_for(0, planes, grain_for(H * W), [&](int64_t begin, int64_t end) {
        for (int64_t p = begin; p < end; p++) {
            const T* ip = in + p * H * W;
            T* op = out + p * OH * OW;
            uint8_t* ap = arg + p * OH * OW;
            for (int64_t oh = 0; oh < OH; oh++) {
                for (int64_t ow = 0; ow < OW; ow++) {
                    const T* w = ip + oh * k * W + ow * k;
                    T best = w[0];
                    uint8_t at = 0;
                    for (int64_t i = 0; i < k; i++)
                        for (int64_t j = 0; j < k; j++) {
                            T v = w[i * W + j];
                            if (v > best || std::isnan(v)) { best = v; at = static_cast<uint8_t>(i * k + j); }
                        }
                    op[oh * OW + ow] = best;
                    ap[oh * OW + ow] = at;
                }
            }
        }
    });
}

template <typename T>
void backward_kernel(const T* gout, const uint8_t* arg, T* gin, int64_t planes, int64_t H, int64_t W, int64_t k) {
    const int64_t OH = H / k, OW = W / k;
    at::parallel_for(0, planes, grain_for(H * W), [&](int64_t begin, int64_t end) {
        for (int64_t p = begin; p < end; p++) {
            T* ip = gin + p * H * W;
            std::fill(ip, ip + H * W, T(0));
            const T* gp = gout + p * OH * OW;
            const uint8_t* ap = arg + p * OH * OW;
            for (int64_t oh = 0; oh < OH; oh++)
                for (int64_t ow = 0; ow < OW; ow++) {
                    int64_t a = ap[oh * OW + ow];
                    ip[(oh * k + a / k) * W + ow * k + a % k] = gp[oh * OW + ow];
                }
        }
    });
}

struct FastMaxPool2d : public torch::autograd::Function<FastMaxPool2d> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, int64_t k) {
        const int64_t N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
        auto out = at::empty({N, C, H / k, W / k}, x.options());
        auto arg = at::empty({N, C, H / k, W / k}, x.options().dtype(at::kByte));
        AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "fast_max_pool2d", [&] {
            forward_kernel<scalar_t>(x.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), arg.data_ptr<uint8_t>(), N * C, H, W, k);
        });
        ctx->save_for_backward({arg});
        ctx->saved_data["k"] = k;
        ctx->saved_data["H"] = H;
        ctx->saved_data["W"] = W;
        ctx->mark_non_differentiable({arg});
        return out;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        auto arg = ctx->get_saved_variables()[0];
        const int64_t k = ctx->saved_data["k"].toInt(), H = ctx->saved_data["H"].toInt(), W = ctx->saved_data["W"].toInt();
        auto g = grads[0].contiguous();
        const int64_t N = g.size(0), C = g.size(1);
        auto gin = at::empty({N, C, H, W}, g.options());
        AT_DISPATCH_FLOATING_TYPES(g.scalar_type(), "fast_max_pool2d_backward", [&] {
            backward_kernel<scalar_t>(g.data_ptr<scalar_t>(), arg.data_ptr<uint8_t>(), gin.data_ptr<scalar_t>(), N * C, H, W, k);
        });
        return {gin, at::Tensor()};
    }
};
}  // namespace

namespace cc {
bool fast_max_pool2d_applies(const at::Tensor& x, const int64_t* k, const int64_t* s, const int64_t* p, const int64_t* d, bool ceil_mode) {
    return x.dim() == 4 && x.is_contiguous() && (x.scalar_type() == at::kFloat || x.scalar_type() == at::kDouble) &&
           k[0] == k[1] && s[0] == k[0] && s[1] == k[0] && k[0] >= 1 && k[0] <= 15 && p[0] == 0 && p[1] == 0 &&
           d[0] == 1 && d[1] == 1 && !ceil_mode && x.size(2) >= k[0] && x.size(3) >= k[0] && x.numel() > 0;
}
at::Tensor fast_max_pool2d(const at::Tensor& x, int64_t kernel) { return FastMaxPool2d::apply(x, kernel); }
}  // namespace cc
