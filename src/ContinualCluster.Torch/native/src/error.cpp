// The per-thread last error and handle helpers.
#include "common.h"
#include <atomic>

static thread_local std::string g_last_error;
static std::atomic<int64_t> g_live_native{0};

namespace cc {
void* wrap(at::Tensor t) {
    g_live_native.fetch_add(1, std::memory_order_relaxed);
    return new at::Tensor(std::move(t));
}
void set_error(const char* message) { g_last_error = message ? message : "unknown native error"; }
void clear_error() { g_last_error.clear(); }
std::vector<int64_t> vec(const int64_t* p, int32_t n) { return std::vector<int64_t>(p, p + n); }
at::IntArrayRef dims(const int64_t* p, int32_t n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }
}  // namespace cc

CC_API const char* cc_error_last() { return g_last_error.c_str(); }
CC_API void cc_error_clear() { g_last_error.clear(); }

CC_API void cc_tensor_free(void* h) {
    if (!h) return;
    g_live_native.fetch_sub(1, std::memory_order_relaxed);
    delete static_cast<at::Tensor*>(h);
}
CC_API int64_t cc_tensor_live_count() { return g_live_native.load(std::memory_order_relaxed); }
