// Vectorised inner kernels of the fused convolution block, compiled once per instruction set (conv_kernels.cpp is
// built three times: AVX-512, AVX2+FMA, and the x86-64 baseline); conv_block.cpp picks one at run time.
// Plain C++ only: the kernel file includes no library header, so no inline function can be emitted with one ISA's
// instructions and then shared with code that runs on a CPU without them.
#pragma once
#include <cstdint>

namespace cc::kern {
struct ConvKernels {
    const char* name;
    // Every row length Pn passed below must be a multiple of this (floats per vector × vectors per block).
    int64_t block;
    // out[r·Pn + p] = Σ_t A[t·R + r] · B[off[t] + p] for r < R, p < Pn.
    void (*bcast_gemm)(int64_t R, int64_t T, const float* A, const float* B, const int64_t* off, int64_t Pn, float* out);
    // out[r1·R2 + r2] += Σ_s Σ_p X1[s·s1 + r1·ld1 + p] · X2[s·s2 + off[r2] + p] for r1 < R1, r2 < R2, s < S, p < Pn.
    void (*dot_gemm)(int64_t R1, int64_t R2, int64_t S, const float* X1, int64_t ld1, int64_t s1, const float* X2, const int64_t* off,
                     int64_t s2, int64_t Pn, float* out);
    // 2×2/stride-2 max pooling of one sample's wide output z [C][Pn] (row stride W, rows 0 .. 2·PH-1 used; z must be
    // readable for 2·W + 4·block floats past its end): out = max + bias[c], arg = window position (first maximum in
    // row-major order, NaN wins).
    void (*pool2)(const float* z, int64_t W, int64_t Pn, int64_t C, int64_t PH, int64_t PW, const float* bias, float* out, uint8_t* arg);
    // The backward of pool2 and the activation (act: 0 none, 1 relu, 2 sigmoid, 3 tanh, derivative from the output y):
    // writes act'(y)·g at the chosen position of each window of gz [C][Pn] (other positions of rows 0 .. 2·PH-1,
    // columns 0 .. 2·PW-1 get 0; the rest of gz is left alone) and adds each channel's sum of act'(y)·g to gb[c].
    void (*unpool2)(const float* g, const float* y, const uint8_t* arg, int32_t act, int64_t C, int64_t PH, int64_t PW, float* gz,
                    int64_t W, int64_t Pn, float* gb);
    // dst[off[t] + p] += src[t·Pn + p] for t < T, p < Pn (t in order).
    void (*shift_add)(int64_t T, const float* src, int64_t Pn, const int64_t* off, float* dst);
};
namespace avx512 { const ConvKernels& kernels(); }
namespace avx2 { const ConvKernels& kernels(); }
namespace baseline { const ConvKernels& kernels(); }
}  // namespace cc::kern
