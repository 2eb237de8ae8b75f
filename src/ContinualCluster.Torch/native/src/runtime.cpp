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
