// A fused conv2d + bias + activation + max-pool block with its own autograd node, for LeNet-style nets.
//
// libtorch 1.13 runs this chain as four ops forwards (mkldnn convolution, an activation over the full convolution
// output, pooling) and a generic convolution backward that rebuilds its own im2col. Here each direction is one
// parallel pass over the batch with register-blocked vector kernels (conv_kernels.cpp, picked per CPU):
// - "wide rows": the convolution output is computed for every column of the input width W (the last KW-1 columns of
//   each row are discarded), so row k = (ci, kh, kw) of the im2col matrix is the input itself shifted by
//   ci·XS + kh·W + kw, and no im2col copy is ever made, forwards or backwards;
// - max pooling, bias and the (monotone) activation are applied in the same pass, so the activation runs on a quarter
//   of the values and the full-size convolution output never leaves the cache;
// - backwards, the pooled gradient is scattered to the chosen positions; the weight gradient is a dot-product kernel
//   over (scattered gradient, shifted input) and the input gradient a broadcast kernel followed by shifted row adds.
// Work is handed out in tasks of a few samples; per-task weight/bias partial sums are added in task order, so the
// result does not depend on which thread ran what (deterministic for a given batch size and thread count).
#include "conv_block.h"
#include "conv_kernels.h"
#include <torch/csrc/autograd/custom_function.h>
#include <atomic>
#include <cmath>

namespace {
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;
using cc::BlockAct;
using cc::kern::ConvKernels;

const ConvKernels* by_name(const std::string& w) {
#if defined(CC_X86_KERNELS)
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    const bool avx512 = avx2 && __builtin_cpu_supports("avx512f");
    if (w == "avx2") return avx2 ? &cc::kern::avx2::kernels() : nullptr;
    if (w == "avx512") return avx512 ? &cc::kern::avx512::kernels() : nullptr;
    if (w.empty()) return avx512 ? &cc::kern::avx512::kernels() : avx2 ? &cc::kern::avx2::kernels() : &cc::kern::baseline::kernels();
#else
    if (w.empty()) return &cc::kern::baseline::kernels();
#endif
    if (w == "baseline") return &cc::kern::baseline::kernels();
    return nullptr;
}

std::atomic<const ConvKernels*>& current() {
    static std::atomic<const ConvKernels*> k{[] {
        const char* want = std::getenv("CC_TORCH_CONV_ISA");
        const ConvKernels* chosen = want ? by_name(want) : nullptr;
        return chosen ? chosen : by_name("");
    }()};
    return k;
}

// The kernels are read once per call: a concurrent switch (tests only) affects later calls, never half a call.
const ConvKernels& kernels() { return *current().load(std::memory_order_acquire); }

int64_t round_up(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

struct Geom {
    int64_t N, Ci, H, W, Co, KH, KW, OH, OW, k, PH, PW, K, Pn, XS;
    Geom(const at::Tensor& x, const at::Tensor& w, int64_t pool, int64_t block)
        : N(x.size(0)), Ci(x.size(1)), H(x.size(2)), W(x.size(3)), Co(w.size(0)), KH(w.size(2)), KW(w.size(3)),
          OH(H - KH + 1), OW(W - KW + 1), k(pool), PH(OH / pool), PW(OW / pool), K(Ci * KH * KW),
          Pn(round_up(OH * W, block)), XS(round_up((KH - 1) * W + KW - 1 + Pn, 16)) {}
    // Samples per task: at most 8 (bounds the per-thread scratch), and at least 4 tasks per thread when the batch allows.
    int64_t chunk() const {
        const int64_t cap = std::max<int64_t>(1, std::min<int64_t>(8, (1 << 16) / std::max<int64_t>(1, Co * Pn)));
        const int64_t spread = (N + 4 * at::get_num_threads() - 1) / (4 * at::get_num_threads());
        return std::max<int64_t>(1, std::min(cap, spread));
    }
    int64_t tasks() const { return (N + chunk() - 1) / chunk(); }
    // Threads worth waking: none beyond the caller for less than about 2^18 multiply-adds in all.
    int64_t threads() const { return N * Co * K * OH * OW < (1 << 18) ? 1 : std::min<int64_t>(tasks(), at::get_num_threads()); }
    // off[k] for k = (ci, kh, kw): where row k of the (virtual) im2col matrix starts in a sample's padded input.
    std::vector<int64_t> input_offsets() const {
        std::vector<int64_t> off(K);
        for (int64_t ci = 0; ci < Ci; ci++)
            for (int64_t kh = 0; kh < KH; kh++)
                for (int64_t kw = 0; kw < KW; kw++) off[(ci * KH + kh) * KW + kw] = ci * XS + kh * W + kw;
        return off;
    }
};

// Per-thread scratch that survives between calls (no allocation on the hot path); grows to the largest block seen.
float* scratch(int slot, size_t n) {
    thread_local std::vector<float> buffers[4];
    auto& b = buffers[slot];
    if (b.size() < n) b.resize(n);
    return b.data();
}

// Samples n0 .. n0+S-1 into xs [S][Ci][XS]: each channel's H·W values, then zeros up to XS.
void copy_in(const float* x, const Geom& g, int64_t n0, int64_t S, float* xs) {
    for (int64_t s = 0; s < S; s++)
        for (int64_t ci = 0; ci < g.Ci; ci++) {
            float* d = xs + (s * g.Ci + ci) * g.XS;
            std::memcpy(d, x + ((n0 + s) * g.Ci + ci) * g.H * g.W, g.H * g.W * sizeof(float));
            std::fill(d + g.H * g.W, d + g.XS, 0.0f);
        }
}

// The activation's derivative written in terms of its output y, in libtorch's own order of operations.
inline float act_grad(BlockAct act, float g, float y) {
    switch (act) {
        case BlockAct::ReLU: return y <= 0.0f ? 0.0f : g;
        case BlockAct::Sigmoid: return g * (1.0f - y) * y;
        case BlockAct::Tanh: return g * (1.0f - y * y);
        default: return g;
    }
}

// Max over one pooling window (first maximum in row-major order; a NaN wins, as in at::max_pool2d), branch-free.
template <int KP>
inline void window_max(const float* win, int64_t ld, int64_t k_rt, float& best, uint8_t& at) {
    const int64_t k = KP > 0 ? KP : k_rt;
    best = win[0];
    at = 0;
    for (int64_t i = 0; i < k; i++)
        for (int64_t j = (i == 0 ? 1 : 0); j < k; j++) {
            const float v = win[i * ld + j];
            const bool take = (v > best) | (v != v);
            best = take ? v : best;
            at = take ? static_cast<uint8_t>(i * k + j) : at;
        }
}

// z is one sample's wide output [Co][Pn] (row stride W); writes pooled z + bias and the window positions.
template <int KP>
void pool_epilogue(const float* z, const float* b, float* out, uint8_t* arg, const Geom& g, int64_t n) {
    const int64_t k = KP > 0 ? KP : g.k;
    for (int64_t c = 0; c < g.Co; c++) {
        const float* zp = z + c * g.Pn;
        const int64_t o = (n * g.Co + c) * g.PH * g.PW;
        const float bc = b ? b[c] : 0.0f;
        for (int64_t ph = 0; ph < g.PH; ph++)
            for (int64_t pw = 0; pw < g.PW; pw++) {
                float best;
                uint8_t at;
                window_max<KP>(zp + ph * k * g.W + pw * k, g.W, k, best, at);
                out[o + ph * g.PW + pw] = best + bc;
                arg[o + ph * g.PW + pw] = at;
            }
    }
}

// Runs f(task) for every task on up to g.threads() threads, each taking the next task as it finishes the last, so
// that a thread the OS preempts delays only the task it holds. Anything that depends on the task (partial sums) is
// indexed by task, never by thread, which keeps results independent of the schedule.
template <class F>
void run_tasks(const Geom& g, const F& f) {
    const int64_t tasks = g.tasks(), threads = g.threads();
    if (threads <= 1) {
        for (int64_t t = 0; t < tasks; t++) f(t);
        return;
    }
    std::atomic<int64_t> next{0};
    at::parallel_for(0, threads, 1, [&](int64_t, int64_t) {
        for (int64_t t = next.fetch_add(1); t < tasks; t = next.fetch_add(1)) f(t);
    });
}

void forward_kernel(const ConvKernels& kern, const float* x, const float* w, const float* b, float* out, uint8_t* arg, const Geom& g) {
    std::vector<float> wt(g.K * g.Co);  // [K][Co]: the broadcast operand
    for (int64_t c = 0; c < g.Co; c++)
        for (int64_t kk = 0; kk < g.K; kk++) wt[kk * g.Co + c] = w[c * g.K + kk];
    const auto off = g.input_offsets();
    const int64_t S = g.chunk();
    run_tasks(g, [&](int64_t task) {
        float* xs = scratch(0, S * g.Ci * g.XS);
        float* z = scratch(1, g.Co * g.Pn + 2 * g.W + 4 * kern.block);  // pool2 may read past the last row
        {
            const int64_t n0 = task * S, s_n = std::min(S, g.N - n0);
            copy_in(x, g, n0, s_n, xs);
            for (int64_t s = 0; s < s_n; s++) {
                kern.bcast_gemm(g.Co, g.K, wt.data(), xs + s * g.Ci * g.XS, off.data(), g.Pn, z);
                const int64_t o = (n0 + s) * g.Co * g.PH * g.PW;
                switch (g.k) {
                    case 1: pool_epilogue<1>(z, b, out, arg, g, n0 + s); break;
                    case 2: kern.pool2(z, g.W, g.Pn, g.Co, g.PH, g.PW, b, out + o, arg + o); break;
                    default: pool_epilogue<0>(z, b, out, arg, g, n0 + s); break;
                }
            }
        }
    });
}

// Scatters act'(y)·gout to the chosen positions of gz [S][Co][Pn] (zeroed by the caller) and adds channel sums to gb.
template <int KP>
void scatter_grad(const float* go, const float* yp, const uint8_t* ap, BlockAct act, float* gz, float* gb, const Geom& g, int64_t n0, int64_t s_n) {
    const int64_t k = KP > 0 ? KP : g.k;
    for (int64_t s = 0; s < s_n; s++)
        for (int64_t c = 0; c < g.Co; c++) {
            float* zp = gz + (s * g.Co + c) * g.Pn;
            const int64_t o = ((n0 + s) * g.Co + c) * g.PH * g.PW;
            float bsum = 0.0f;
            for (int64_t ph = 0; ph < g.PH; ph++)
                for (int64_t pw = 0; pw < g.PW; pw++) {
                    const int64_t q = o + ph * g.PW + pw;
                    const float v = act_grad(act, go[q], yp[q]);
                    const int64_t a = ap[q];
                    zp[(ph * k + a / k) * g.W + pw * k + a % k] = v;
                    bsum += v;
                }
            gb[c] += bsum;
        }
}

struct Grads { at::Tensor gx, gw, gb; };

Grads backward_kernel(const at::Tensor& gout, const at::Tensor& x, const at::Tensor& w, const at::Tensor& y, const at::Tensor& arg,
                      BlockAct act, int64_t pool, bool need_x, bool need_w, bool need_b) {
    const auto& kern = kernels();
    const Geom g(x, w, pool, kern.block);
    const int64_t S = g.chunk(), tasks = g.tasks(), width = g.Co * g.K + g.Co;
    Grads r;
    if (need_x) r.gx = at::empty(x.sizes(), x.options());
    // Per-task partial sums of [gw | gb], added in task order at the end.
    std::vector<float> partial(tasks * width, 0.0f);
    const float *go = gout.data_ptr<float>(), *xp = x.data_ptr<float>(), *wp = w.data_ptr<float>(), *yp = y.data_ptr<float>();
    const uint8_t* ap = arg.data_ptr<uint8_t>();
    float* gxp = need_x ? r.gx.data_ptr<float>() : nullptr;
    float* pp = partial.data();
    const auto off_x = g.input_offsets();
    std::vector<int64_t> off_g(g.Co);
    for (int64_t c = 0; c < g.Co; c++) off_g[c] = c * g.Pn;
    run_tasks(g, [&](int64_t task) {
        float* mine = pp + task * width;
        float* xs = scratch(0, S * g.Ci * g.XS);
        float* gz = scratch(1, S * g.Co * g.Pn);
        float* gcols = need_x ? scratch(2, g.K * g.Pn) : nullptr;
        float* gxs = need_x ? scratch(3, g.Ci * g.XS) : nullptr;
        {
            const int64_t n0 = task * S, s_n = std::min(S, g.N - n0);
            std::fill(gz, gz + s_n * g.Co * g.Pn, 0.0f);
            switch (g.k) {
                case 1: scatter_grad<1>(go, yp, ap, act, gz, mine + g.Co * g.K, g, n0, s_n); break;
                case 2:
                    for (int64_t s = 0; s < s_n; s++) {
                        const int64_t o = (n0 + s) * g.Co * g.PH * g.PW;
                        kern.unpool2(go + o, yp + o, ap + o, static_cast<int32_t>(act), g.Co, g.PH, g.PW, gz + s * g.Co * g.Pn, g.W, g.Pn,
                                     mine + g.Co * g.K);
                    }
                    break;
                default: scatter_grad<0>(go, yp, ap, act, gz, mine + g.Co * g.K, g, n0, s_n); break;
            }
            if (need_w) {
                copy_in(xp, g, n0, s_n, xs);
                kern.dot_gemm(g.Co, g.K, s_n, gz, g.Pn, g.Co * g.Pn, xs, off_x.data(), g.Ci * g.XS, g.Pn, mine);
            }
            if (need_x) {
                for (int64_t s = 0; s < s_n; s++) {
                    kern.bcast_gemm(g.K, g.Co, wp, gz + s * g.Co * g.Pn, off_g.data(), g.Pn, gcols);
                    std::fill(gxs, gxs + g.Ci * g.XS, 0.0f);
                    kern.shift_add(g.K, gcols, g.Pn, off_x.data(), gxs);
                    for (int64_t ci = 0; ci < g.Ci; ci++)
                        std::memcpy(gxp + ((n0 + s) * g.Ci + ci) * g.H * g.W, gxs + ci * g.XS, g.H * g.W * sizeof(float));
                }
            }
        }
    });
    auto total = at::zeros({width}, w.options());
    float* tp = total.data_ptr<float>();
    for (int64_t t = 0; t < tasks; t++)
        for (int64_t i = 0; i < width; i++) tp[i] += pp[t * width + i];
    if (need_w) r.gw = total.narrow(0, 0, g.Co * g.K).view(w.sizes()).clone();
    if (need_b) r.gb = total.narrow(0, g.Co * g.K, g.Co).clone();
    return r;
}

struct ConvBlock : public torch::autograd::Function<ConvBlock> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x_in, const at::Tensor& w_in, const at::Tensor& b_in, int64_t act, int64_t pool) {
        auto x = x_in.contiguous();
        auto w = w_in.contiguous();
        auto b = b_in.defined() ? b_in.contiguous() : b_in;
        const auto& kern = kernels();
        const Geom g(x, w, pool, kern.block);
        auto out = at::empty({g.N, g.Co, g.PH, g.PW}, x.options());
        auto arg = at::empty({g.N, g.Co, g.PH, g.PW}, x.options().dtype(at::kByte));
        forward_kernel(kern, x.data_ptr<float>(), w.data_ptr<float>(), b.defined() ? b.data_ptr<float>() : nullptr,
                       out.data_ptr<float>(), arg.data_ptr<uint8_t>(), g);
        switch (static_cast<BlockAct>(act)) {
            case BlockAct::ReLU: out.relu_(); break;
            case BlockAct::Sigmoid: out.sigmoid_(); break;
            case BlockAct::Tanh: out.tanh_(); break;
            default: break;
        }
        ctx->save_for_backward({x, w, out, arg});
        ctx->saved_data["act"] = act;
        ctx->saved_data["pool"] = pool;
        return out;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        auto saved = ctx->get_saved_variables();
        const bool need_x = ctx->needs_input_grad(0), need_w = ctx->needs_input_grad(1), need_b = ctx->needs_input_grad(2);
        if (!grads[0].defined() || !(need_x || need_w || need_b)) return {at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
        auto r = backward_kernel(grads[0].contiguous(), saved[0], saved[1], saved[2], saved[3],
                                 static_cast<BlockAct>(ctx->saved_data["act"].toInt()), ctx->saved_data["pool"].toInt(), need_x, need_w, need_b);
        return {r.gx, r.gw, r.gb, at::Tensor(), at::Tensor()};
    }
};
}  // namespace

namespace cc {
bool conv2d_block_applies(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b, int32_t act, int64_t pool) {
    if (act < 0 || act > 3 || pool < 1 || pool > 15) return false;
    if (x.dim() != 4 || w.dim() != 4 || x.scalar_type() != at::kFloat || w.scalar_type() != at::kFloat) return false;
    if (x.device() != at::kCPU || w.device() != at::kCPU || x.size(1) != w.size(1) || x.size(0) < 1 || w.size(0) < 1) return false;
    if (b.defined() && (b.dim() != 1 || b.size(0) != w.size(0) || b.scalar_type() != at::kFloat || b.device() != at::kCPU)) return false;
    const int64_t oh = x.size(2) - w.size(2) + 1, ow = x.size(3) - w.size(3) + 1;
    return w.size(2) >= 1 && w.size(3) >= 1 && oh >= pool && ow >= pool && x.size(1) * w.size(2) * w.size(3) <= (1 << 20);
}
at::Tensor conv2d_block(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b, int32_t act, int64_t pool) {
    // libtorch 1.13's custom functions cannot take an undefined tensor: no bias is a zero bias that needs no gradient.
    const auto bias = b.defined() ? b : at::zeros({w.size(0)}, w.options());
    return ConvBlock::apply(x, w, bias, static_cast<int64_t>(act), pool);
}
}  // namespace cc

namespace cc {
const char* conv2d_block_kernels() { return kernels().name; }
bool use_conv2d_block_kernels(const char* name) {
    const ConvKernels* k = by_name(name ? name : "");
    if (k) current().store(k, std::memory_order_release);
    return k != nullptr;
}
}  // namespace cc
