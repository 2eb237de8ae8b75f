// Process-wide settings: seeding, threads (libtorch's OpenMP pool and OpenBLAS), deterministic mode.
#include "common.h"
#include <dlfcn.h>

namespace {
using SetThreads = void (*)(int);
SetThreads openblas_setter() {
    static SetThreads fn = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    return fn;
}
}  // namespace

CC_API int32_t cc_runtime_manual_seed(int64_t seed) { CC_TRY { at::manual_seed(static_cast<uint64_t>(seed)); return 0; } CC_CATCH_INT }
CC_API int32_t cc_runtime_set_num_threads(int32_t n) {
    CC_TRY {
        if (n < 1) throw std::invalid_argument("thread count must be at least 1, got " + std::to_string(n));
        at::set_num_threads(n);
        if (auto fn = openblas_setter()) fn(n);
        return 0;
    } CC_CATCH_INT
}
CC_API int32_t cc_runtime_get_num_threads() { return at::get_num_threads(); }
CC_API int32_t cc_runtime_has_openblas() { return openblas_setter() ? 1 : 0; }
CC_API int32_t cc_runtime_set_deterministic(uint8_t on) {
    CC_TRY { at::globalContext().setDeterministicAlgorithms(on != 0, false); return 0; } CC_CATCH_INT
}
CC_API int32_t cc_runtime_get_deterministic() { return at::globalContext().deterministicAlgorithms() ? 1 : 0; }
CC_API const char* cc_runtime_config() {
    static std::string config = at::show_config();
    return config.c_str();
}

#include <malloc.h>
// Bytes the native heap holds for live allocations (glibc mallinfo2: small blocks in use + mmapped blocks).
CC_API int64_t cc_runtime_native_heap_bytes() {
    struct mallinfo2 mi = mallinfo2();
    return static_cast<int64_t>(mi.uordblks + mi.hblkhd);
}
// Hands free heap pages back to the operating system (glibc malloc_trim); returns 1 when memory was released.
CC_API int32_t cc_runtime_trim() { return malloc_trim(0); }

// Allocator tuning, applied when the shim loads (CC_TORCH_MALLOC_TUNING=0 turns it off). A training step frees and
// re-allocates the same activation and gradient buffers every time; with glibc's defaults, buffers above the mmap
// threshold and heap tops above the trim threshold go back to the kernel and come back as fresh zeroed pages, about
// 3,000 page faults per LeNet step. Keeping them in the heap removes the faults; TrimNativeHeap() hands memory back.
namespace {
bool g_malloc_tuned = false;
__attribute__((constructor)) void cc_tune_malloc() {
    const char* off = std::getenv("CC_TORCH_MALLOC_TUNING");
    if (off && std::strcmp(off, "0") == 0) return;
    g_malloc_tuned = mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024) == 1 && mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024) == 1;
}
}  // namespace
CC_API int32_t cc_runtime_malloc_tuned() { return g_malloc_tuned ? 1 : 0; }
