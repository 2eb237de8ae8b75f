// Conventions shared by every area: C linkage, opaque handles, and the per-thread last error.
#pragma once
#include "pch.h"

#define CC_API extern "C" __attribute__((visibility("default")))

namespace cc {
// A tensor handle is a heap-allocated at::Tensor (a reference to shared storage); the managed side owns it.
inline at::Tensor& T(void* h) { return *static_cast<at::Tensor*>(h); }
void* wrap(at::Tensor t);
void set_error(const char* message);
void clear_error();
std::vector<int64_t> vec(const int64_t* p, int32_t n);
at::IntArrayRef dims(const int64_t* p, int32_t n);
}  // namespace cc

// Every entry point runs its body inside CC_TRY and ends with one CC_CATCH_*: no C++ exception crosses the boundary.
#define CC_TRY try
#define CC_CATCH(failure)                                              \
    catch (const c10::Error& e) { cc::set_error(e.what_without_backtrace()); return failure; } \
    catch (const std::exception& e) { cc::set_error(e.what()); return failure; }              \
    catch (...) { cc::set_error("unknown native error"); return failure; }
#define CC_CATCH_NULL CC_CATCH(nullptr)
#define CC_CATCH_INT CC_CATCH(-1)
