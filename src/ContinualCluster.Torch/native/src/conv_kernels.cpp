// The register-blocked kernels behind conv_kernels.h, written with GCC vector extensions; CC_KERNEL_NS names the
// instruction set this object is compiled for (see CMakeLists.txt).
#include "conv_kernels.h"

#if defined(__AVX512F__)
#define CC_V 16
#elif defined(__AVX2__)
#define CC_V 8
#else
#define CC_V 4
#endif
#define CC_NV 2  // vectors per block along p

namespace cc::kern::CC_KERNEL_NS {
namespace {
typedef float vf __attribute__((vector_size(CC_V * 4)));
typedef float vfu __attribute__((vector_size(CC_V * 4), aligned(4), may_alias));

inline vf load(const float* p) { return *reinterpret_cast<const vfu*>(p); }
inline void store(float* p, vf v) { *reinterpret_cast<vfu*>(p) = v; }
inline vf splat(float w) { return vf{} + w; }
inline float hsum(vf v) {
    float s = 0.0f;
    for (int i = 0; i < CC_V; i++) s += v[i];
    return s;
}

// RB rows r0.. of out over one block of CC_NV vectors at p0.
template <int RB>
void bcast_block(int64_t R, int64_t T, const float* A, const float* B, const int64_t* off, int64_t r0, int64_t p0, int64_t Pn, float* out) {
    vf acc[RB][CC_NV];
#pragma GCC unroll 16
    for (int j = 0; j < RB; j++)
#pragma GCC unroll 4
        for (int v = 0; v < CC_NV; v++) acc[j][v] = vf{};
    for (int64_t t = 0; t < T; t++) {
        const float* b = B + off[t] + p0;
        vf x[CC_NV];
#pragma GCC unroll 4
        for (int v = 0; v < CC_NV; v++) x[v] = load(b + v * CC_V);
        const float* a = A + t * R + r0;
#pragma GCC unroll 16
        for (int j = 0; j < RB; j++) {
            const vf w = splat(a[j]);
#pragma GCC unroll 4
            for (int v = 0; v < CC_NV; v++) acc[j][v] += x[v] * w;
        }
    }
#pragma GCC unroll 16
    for (int j = 0; j < RB; j++)
#pragma GCC unroll 4
        for (int v = 0; v < CC_NV; v++) store(out + (r0 + j) * Pn + p0 + v * CC_V, acc[j][v]);
}

void bcast_gemm(int64_t R, int64_t T, const float* A, const float* B, const int64_t* off, int64_t Pn, float* out) {
    constexpr int RB = 6;
    for (int64_t p0 = 0; p0 < Pn; p0 += CC_NV * CC_V) {
        int64_t r0 = 0;
        for (; r0 + RB <= R; r0 += RB) bcast_block<RB>(R, T, A, B, off, r0, p0, Pn, out);
        switch (R - r0) {
            case 5: bcast_block<5>(R, T, A, B, off, r0, p0, Pn, out); break;
            case 4: bcast_block<4>(R, T, A, B, off, r0, p0, Pn, out); break;
            case 3: bcast_block<3>(R, T, A, B, off, r0, p0, Pn, out); break;
            case 2: bcast_block<2>(R, T, A, B, off, r0, p0, Pn, out); break;
            case 1: bcast_block<1>(R, T, A, B, off, r0, p0, Pn, out); break;
            default: break;
        }
    }
}

// B1 rows of X1 against B2 rows of X2, summed over samples and positions.
template <int B1, int B2>
void dot_block(int64_t R2, int64_t S, const float* X1, int64_t ld1, int64_t s1, const float* X2, const int64_t* off, int64_t s2,
               int64_t Pn, int64_t r1, int64_t r2, float* out) {
    vf acc[B1][B2];
#pragma GCC unroll 8
    for (int i = 0; i < B1; i++)
#pragma GCC unroll 8
        for (int q = 0; q < B2; q++) acc[i][q] = vf{};
    for (int64_t s = 0; s < S; s++) {
        const float* a = X1 + s * s1 + r1 * ld1;
        const float* bp[B2];
#pragma GCC unroll 8
        for (int q = 0; q < B2; q++) bp[q] = X2 + s * s2 + off[r2 + q];
        for (int64_t p = 0; p < Pn; p += CC_V) {
            vf xb[B2];
#pragma GCC unroll 8
            for (int q = 0; q < B2; q++) xb[q] = load(bp[q] + p);
#pragma GCC unroll 8
            for (int i = 0; i < B1; i++) {
                const vf g = load(a + i * ld1 + p);
#pragma GCC unroll 8
                for (int q = 0; q < B2; q++) acc[i][q] += g * xb[q];
            }
        }
    }
#pragma GCC unroll 8
    for (int i = 0; i < B1; i++)
#pragma GCC unroll 8
        for (int q = 0; q < B2; q++) out[(r1 + i) * R2 + r2 + q] += hsum(acc[i][q]);
}

template <int B1>
void dot_rows(int64_t R2, int64_t S, const float* X1, int64_t ld1, int64_t s1, const float* X2, const int64_t* off, int64_t s2, int64_t Pn,
              int64_t r1, float* out) {
    constexpr int B2 = 3;
    int64_t r2 = 0;
    for (; r2 + B2 <= R2; r2 += B2) dot_block<B1, B2>(R2, S, X1, ld1, s1, X2, off, s2, Pn, r1, r2, out);
    switch (R2 - r2) {
        case 2: dot_block<B1, 2>(R2, S, X1, ld1, s1, X2, off, s2, Pn, r1, r2, out); break;
        case 1: dot_block<B1, 1>(R2, S, X1, ld1, s1, X2, off, s2, Pn, r1, r2, out); break;
        default: break;
    }
}

void dot_gemm(int64_t R1, int64_t R2, int64_t S, const float* X1, int64_t ld1, int64_t s1, const float* X2, const int64_t* off, int64_t s2,
              int64_t Pn, float* out) {
    constexpr int B1 = 4;
    int64_t r1 = 0;
    for (; r1 + B1 <= R1; r1 += B1) dot_rows<B1>(R2, S, X1, ld1, s1, X2, off, s2, Pn, r1, out);
    switch (R1 - r1) {
        case 3: dot_rows<3>(R2, S, X1, ld1, s1, X2, off, s2, Pn, r1, out); break;
        case 2: dot_rows<2>(R2, S, X1, ld1, s1, X2, off, s2, Pn, r1, out); break;
        case 1: dot_rows<1>(R2, S, X1, ld1, s1, X2, off, s2, Pn, r1, out); break;
        default: break;
    }
}

typedef int32_t vi __attribute__((vector_size(CC_V * 4)));

// even and odd elements of the 2V floats at p.
inline void deinterleave(const float* p, vf& even, vf& odd) {
    vi me, mo;
    for (int i = 0; i < CC_V; i++) { me[i] = 2 * i; mo[i] = 2 * i + 1; }
    const vf a = load(p), b = load(p + CC_V);
    even = __builtin_shuffle(a, b, me);
    odd = __builtin_shuffle(a, b, mo);
}

inline void interleave(vf even, vf odd, float* p) {
    vi lo, hi;
    for (int i = 0; i < CC_V; i++) {
        lo[i] = (i % 2 == 0) ? i / 2 : CC_V + i / 2;
        hi[i] = (i % 2 == 0) ? CC_V / 2 + i / 2 : CC_V + CC_V / 2 + i / 2;
    }
    store(p, __builtin_shuffle(even, odd, lo));
    store(p + CC_V, __builtin_shuffle(even, odd, hi));
}

void pool2(const float* z, int64_t W, int64_t Pn, int64_t C, int64_t PH, int64_t PW, const float* bias, float* out, uint8_t* arg) {
    alignas(64) float best_buf[CC_V];
    alignas(64) int32_t at_buf[CC_V];
    for (int64_t c = 0; c < C; c++) {
        const float bc = bias ? bias[c] : 0.0f;
        for (int64_t ph = 0; ph < PH; ph++) {
            const float* r0 = z + c * Pn + 2 * ph * W;
            const float* r1 = r0 + W;
            float* o = out + (c * PH + ph) * PW;
            uint8_t* a = arg + (c * PH + ph) * PW;
            for (int64_t pw0 = 0; pw0 < PW; pw0 += CC_V) {
                vf p0, p1, p2, p3;
                deinterleave(r0 + 2 * pw0, p0, p1);
                deinterleave(r1 + 2 * pw0, p2, p3);
                vf best = p0;
                vi at = vi{};
                vi take = (p1 > best) | (p1 != p1);
                best = take ? p1 : best;
                at = take ? vi{} + 1 : at;
                take = (p2 > best) | (p2 != p2);
                best = take ? p2 : best;
                at = take ? vi{} + 2 : at;
                take = (p3 > best) | (p3 != p3);
                best = take ? p3 : best;
                at = take ? vi{} + 3 : at;
                store(best_buf, best + bc);
                for (int i = 0; i < CC_V; i++) at_buf[i] = at[i];
                const int64_t n = PW - pw0 < CC_V ? PW - pw0 : CC_V;
                for (int64_t i = 0; i < n; i++) {
                    o[pw0 + i] = best_buf[i];
                    a[pw0 + i] = static_cast<uint8_t>(at_buf[i]);
                }
            }
        }
    }
}

void unpool2(const float* g, const float* y, const uint8_t* arg, int32_t act, int64_t C, int64_t PH, int64_t PW, float* gz, int64_t W,
             int64_t Pn, float* gb) {
    alignas(64) float gb_buf[CC_V], yb_buf[CC_V], row0[2 * CC_V], row1[2 * CC_V];
    alignas(64) int32_t ab_buf[CC_V];
    const vf one = vf{} + 1.0f, zero = vf{};
    for (int64_t c = 0; c < C; c++) {
        vf sum = vf{};
        for (int64_t ph = 0; ph < PH; ph++) {
            const int64_t q = (c * PH + ph) * PW;
            float* r0 = gz + c * Pn + 2 * ph * W;
            float* r1 = r0 + W;
            for (int64_t pw0 = 0; pw0 < PW; pw0 += CC_V) {
                const int64_t n = PW - pw0 < CC_V ? PW - pw0 : CC_V;
                vf gv, yv;
                if (n == CC_V) {
                    gv = load(g + q + pw0);
                    yv = load(y + q + pw0);
                } else {
                    store(gb_buf, zero);
                    store(yb_buf, zero);
                    for (int64_t i = 0; i < n; i++) {
                        gb_buf[i] = g[q + pw0 + i];
                        yb_buf[i] = y[q + pw0 + i];
                    }
                    gv = load(gb_buf);
                    yv = load(yb_buf);
                }
                for (int64_t i = 0; i < n; i++) ab_buf[i] = arg[q + pw0 + i];
                const vi av = *reinterpret_cast<const vi*>(ab_buf);
                vf v;
                switch (act) {
                    case 1: v = (yv <= zero) ? zero : gv; break;
                    case 2: v = gv * (one - yv) * yv; break;
                    case 3: v = gv * (one - yv * yv); break;
                    default: v = gv; break;
                }
                sum += v;
                if (2 * n == 2 * CC_V) {
                    interleave(av == 0 ? v : zero, av == 1 ? v : zero, r0 + 2 * pw0);
                    interleave(av == 2 ? v : zero, av == 3 ? v : zero, r1 + 2 * pw0);
                } else {
                    interleave(av == 0 ? v : zero, av == 1 ? v : zero, row0);
                    interleave(av == 2 ? v : zero, av == 3 ? v : zero, row1);
                    for (int64_t i = 0; i < 2 * n; i++) {
                        r0[2 * pw0 + i] = row0[i];
                        r1[2 * pw0 + i] = row1[i];
                    }
                }
            }
        }
        gb[c] += hsum(sum);
    }
}

void shift_add(int64_t T, const float* src, int64_t Pn, const int64_t* off, float* dst) {
    for (int64_t t = 0; t < T; t++) {
        float* d = dst + off[t];
        const float* s = src + t * Pn;
        for (int64_t p = 0; p < Pn; p += CC_V) store(d + p, load(d + p) + load(s + p));
    }
}

#define CC_STR2(x) #x
#define CC_STR(x) CC_STR2(x)
const ConvKernels table{CC_STR(CC_KERNEL_NS), CC_NV * CC_V, bcast_gemm, dot_gemm, pool2, unpool2, shift_add};
}  // namespace

const ConvKernels& kernels() { return table; }
}  // namespace cc::kern::CC_KERNEL_NS
