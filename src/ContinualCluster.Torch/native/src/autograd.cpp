// Autograd: requires_grad, backward, grads, the grad mode.
#include "common.h"

using cc::T;
using cc::wrap;

CC_API int32_t cc_autograd_requires_grad(void* a) { CC_TRY { return T(a).requires_grad() ? 1 : 0; } CC_CATCH_INT }
CC_API int32_t cc_autograd_set_requires_grad(void* a, uint8_t on) { CC_TRY { T(a).requires_grad_(on != 0); return 0; } CC_CATCH_INT }
CC_API int32_t cc_autograd_is_leaf(void* a) { CC_TRY { return T(a).is_leaf() ? 1 : 0; } CC_CATCH_INT }

// grad may be null (a scalar output then gets an implicit 1).
CC_API int32_t cc_autograd_backward(void* a, void* grad, uint8_t retain_graph, uint8_t create_graph) {
    CC_TRY {
        at::Tensor g = grad ? T(grad) : at::Tensor();
        T(a).backward(g, retain_graph ? c10::optional<bool>(true) : c10::nullopt, create_graph != 0);
        return 0;
    } CC_CATCH_INT
}
// Returns a handle on the gradient, or null with no error when there is none (check cc_error_last when null).
CC_API void* cc_autograd_grad(void* a) {
    CC_TRY {
        cc::clear_error();
        const auto& g = T(a).grad();
        if (!g.defined()) return nullptr;
        return wrap(g);
    } CC_CATCH_NULL
}
CC_API int32_t cc_autograd_set_grad(void* a, void* g) {
    CC_TRY { T(a).mutable_grad() = g ? T(g) : at::Tensor(); return 0; } CC_CATCH_INT
}
// Clears the gradients of n tensors: set_to_none drops them, otherwise they are zeroed in place.
CC_API int32_t cc_autograd_zero_grad(void** ts, int32_t n, uint8_t set_to_none) {
    CC_TRY {
        for (int32_t i = 0; i < n; i++) {
            auto& g = T(ts[i]).mutable_grad();
            if (!g.defined()) continue;
            if (set_to_none) g = at::Tensor();
            else { g = g.detach(); g.zero_(); }
        }
        return 0;
    } CC_CATCH_INT
}
CC_API int32_t cc_autograd_detach_(void* a) { CC_TRY { T(a).detach_(); return 0; } CC_CATCH_INT }
CC_API int32_t cc_autograd_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }
CC_API int32_t cc_autograd_set_grad_enabled(uint8_t on) {
    int32_t previous = at::GradMode::is_enabled() ? 1 : 0;
    at::GradMode::set_enabled(on != 0);
    return previous;
}
