// Elementwise arithmetic, reductions, comparisons and linear algebra.
#include "common.h"

using cc::T;
using cc::wrap;

#define CC_UNARY(name, expr) \
    CC_API void* cc_tensor_##name(void* a) { CC_TRY { auto& x = T(a); return wrap(expr); } CC_CATCH_NULL }
#define CC_BINARY(name, expr) \
    CC_API void* cc_tensor_##name(void* a, void* b) { CC_TRY { auto& x = T(a); auto& y = T(b); return wrap(expr); } CC_CATCH_NULL }
#define CC_SCALAR(name, expr) \
    CC_API void* cc_tensor_##name(void* a, double s) { CC_TRY { auto& x = T(a); return wrap(expr); } CC_CATCH_NULL }
#define CC_INPLACE(name, expr) \
    CC_API int32_t cc_tensor_##name(void* a, void* b, double s) { CC_TRY { auto& x = T(a); auto& y = T(b); (void)y; (void)s; expr; return 0; } CC_CATCH_INT }

CC_UNARY(neg, x.neg())
CC_UNARY(exp, x.exp())
CC_UNARY(log, x.log())
CC_UNARY(sigmoid, x.sigmoid())
CC_UNARY(relu, x.relu())
CC_UNARY(tanh, x.tanh())
CC_UNARY(sqrt, x.sqrt())
CC_UNARY(abs, x.abs())
CC_UNARY(sign, x.sign())
CC_UNARY(square, x.square())
CC_UNARY(clone, x.clone())
CC_UNARY(detach, x.detach())
CC_UNARY(sum, x.sum())
CC_UNARY(mean, x.mean())
CC_UNARY(max, x.max())
CC_UNARY(min, x.min())
CC_UNARY(logical_not, x.logical_not())
CC_UNARY(isnan, x.isnan())

CC_BINARY(add, x.add(y))
CC_BINARY(sub, x.sub(y))
CC_BINARY(mul, x.mul(y))
CC_BINARY(div, x.div(y))
CC_BINARY(pow_t, x.pow(y))
CC_BINARY(matmul, x.matmul(y))
CC_BINARY(mm, x.mm(y))
CC_BINARY(bmm, x.bmm(y))
CC_BINARY(eq, x.eq(y))
CC_BINARY(ne, x.ne(y))
CC_BINARY(lt, x.lt(y))
CC_BINARY(le, x.le(y))
CC_BINARY(gt, x.gt(y))
CC_BINARY(ge, x.ge(y))
CC_BINARY(maximum, at::maximum(x, y))
CC_BINARY(minimum, at::minimum(x, y))
CC_BINARY(logical_and, x.logical_and(y))
CC_BINARY(logical_or, x.logical_or(y))
CC_BINARY(outer, at::outer(x, y))

CC_SCALAR(add_s, x.add(s))
CC_SCALAR(sub_s, x.sub(s))
CC_SCALAR(rsub_s, at::rsub(x, s))
CC_SCALAR(mul_s, x.mul(s))
CC_SCALAR(div_s, x.div(s))
CC_SCALAR(rdiv_s, x.reciprocal().mul(s))
CC_SCALAR(pow_s, x.pow(s))
CC_SCALAR(eq_s, x.eq(s))
CC_SCALAR(ne_s, x.ne(s))
CC_SCALAR(lt_s, x.lt(s))
CC_SCALAR(le_s, x.le(s))
CC_SCALAR(gt_s, x.gt(s))
CC_SCALAR(ge_s, x.ge(s))

// In place: y is a tensor operand (ignored by the scalar forms), s a scalar (alpha or value).
CC_INPLACE(add_, x.add_(y, s))
CC_INPLACE(sub_, x.sub_(y, s))
CC_INPLACE(mul_, x.mul_(y))
CC_INPLACE(div_, x.div_(y))
CC_INPLACE(copy_, x.copy_(y))

CC_API int32_t cc_tensor_add_s_(void* a, double s) { CC_TRY { T(a).add_(s); return 0; } CC_CATCH_INT }
CC_API int32_t cc_tensor_mul_s_(void* a, double s) { CC_TRY { T(a).mul_(s); return 0; } CC_CATCH_INT }
CC_API int32_t cc_tensor_fill_(void* a, double s) { CC_TRY { T(a).fill_(s); return 0; } CC_CATCH_INT }
CC_API int32_t cc_tensor_zero_(void* a) { CC_TRY { T(a).zero_(); return 0; } CC_CATCH_INT }
CC_API int32_t cc_tensor_uniform_(void* a, double lo, double hi) { CC_TRY { T(a).uniform_(lo, hi); return 0; } CC_CATCH_INT }
CC_API int32_t cc_tensor_normal_(void* a, double mean, double std) { CC_TRY { T(a).normal_(mean, std); return 0; } CC_CATCH_INT }
CC_API int32_t cc_tensor_clamp_(void* a, double lo, double hi, uint8_t has_lo, uint8_t has_hi) {
    CC_TRY {
        T(a).clamp_(has_lo ? c10::optional<at::Scalar>(lo) : c10::nullopt, has_hi ? c10::optional<at::Scalar>(hi) : c10::nullopt);
        return 0;
    } CC_CATCH_INT
}

CC_API void* cc_tensor_add_alpha(void* a, void* b, double alpha) { CC_TRY { return wrap(T(a).add(T(b), alpha)); } CC_CATCH_NULL }
CC_API void* cc_tensor_clamp(void* a, double lo, double hi, uint8_t has_lo, uint8_t has_hi) {
    CC_TRY {
        return wrap(T(a).clamp(has_lo ? c10::optional<at::Scalar>(lo) : c10::nullopt, has_hi ? c10::optional<at::Scalar>(hi) : c10::nullopt));
    } CC_CATCH_NULL
}
CC_API void* cc_tensor_where(void* cond, void* a, void* b) { CC_TRY { return wrap(at::where(T(cond), T(a), T(b))); } CC_CATCH_NULL }
CC_API void* cc_tensor_addmm(void* bias, void* a, void* b, double beta, double alpha) {
    CC_TRY { return wrap(at::addmm(T(bias), T(a), T(b), beta, alpha)); } CC_CATCH_NULL
}
CC_API int32_t cc_tensor_mm_out(void* out, void* a, void* b) { CC_TRY { at::mm_out(T(out), T(a), T(b)); return 0; } CC_CATCH_INT }

CC_API void* cc_tensor_sum_dims(void* a, const int64_t* d, int32_t n, uint8_t keep) { CC_TRY { return wrap(T(a).sum(cc::dims(d, n), keep)); } CC_CATCH_NULL }
CC_API void* cc_tensor_mean_dims(void* a, const int64_t* d, int32_t n, uint8_t keep) { CC_TRY { return wrap(T(a).mean(cc::dims(d, n), keep)); } CC_CATCH_NULL }
CC_API void* cc_tensor_std(void* a, const int64_t* d, int32_t n, uint8_t unbiased, uint8_t keep, uint8_t all) {
    CC_TRY {
        if (all) return wrap(T(a).std(static_cast<bool>(unbiased)));
        return wrap(T(a).std(cc::dims(d, n), static_cast<bool>(unbiased), keep));
    } CC_CATCH_NULL
}
CC_API void* cc_tensor_var(void* a, const int64_t* d, int32_t n, uint8_t unbiased, uint8_t keep, uint8_t all) {
    CC_TRY {
        if (all) return wrap(T(a).var(static_cast<bool>(unbiased)));
        return wrap(T(a).var(cc::dims(d, n), static_cast<bool>(unbiased), keep));
    } CC_CATCH_NULL
}
CC_API int32_t cc_tensor_max_dim(void* a, int64_t d, uint8_t keep, void** values, void** indices) {
    CC_TRY { auto r = T(a).max(d, keep); *values = wrap(std::get<0>(r)); *indices = wrap(std::get<1>(r)); return 0; } CC_CATCH_INT
}
CC_API int32_t cc_tensor_min_dim(void* a, int64_t d, uint8_t keep, void** values, void** indices) {
    CC_TRY { auto r = T(a).min(d, keep); *values = wrap(std::get<0>(r)); *indices = wrap(std::get<1>(r)); return 0; } CC_CATCH_INT
}
CC_API int32_t cc_tensor_topk(void* a, int64_t k, int64_t d, uint8_t largest, void** values, void** indices) {
    CC_TRY { auto r = T(a).topk(k, d, largest, true); *values = wrap(std::get<0>(r)); *indices = wrap(std::get<1>(r)); return 0; } CC_CATCH_INT
}
CC_API int32_t cc_tensor_sort(void* a, int64_t d, uint8_t desc, void** values, void** indices) {
    CC_TRY { auto r = T(a).sort(d, desc); *values = wrap(std::get<0>(r)); *indices = wrap(std::get<1>(r)); return 0; } CC_CATCH_INT
}
CC_API void* cc_tensor_argmax(void* a, int64_t d, uint8_t has_dim, uint8_t keep) {
    CC_TRY { return wrap(has_dim ? T(a).argmax(d, keep) : T(a).argmax()); } CC_CATCH_NULL
}
CC_API void* cc_tensor_argmin(void* a, int64_t d, uint8_t has_dim, uint8_t keep) {
    CC_TRY { return wrap(has_dim ? T(a).argmin(d, keep) : T(a).argmin()); } CC_CATCH_NULL
}
CC_API void* cc_tensor_softmax(void* a, int64_t d) { CC_TRY { return wrap(T(a).softmax(d)); } CC_CATCH_NULL }
CC_API void* cc_tensor_log_softmax(void* a, int64_t d) { CC_TRY { return wrap(T(a).log_softmax(d)); } CC_CATCH_NULL }
CC_API void* cc_tensor_logsumexp(void* a, int64_t d, uint8_t keep) { CC_TRY { return wrap(T(a).logsumexp(d, keep)); } CC_CATCH_NULL }
CC_API void* cc_tensor_cumsum(void* a, int64_t d) { CC_TRY { return wrap(T(a).cumsum(d)); } CC_CATCH_NULL }
CC_API void* cc_tensor_norm(void* a, double p, const int64_t* d, int32_t n, uint8_t keep, uint8_t all) {
    CC_TRY {
        if (all) return wrap(T(a).norm(p));
        return wrap(T(a).norm(p, cc::dims(d, n), keep));
    } CC_CATCH_NULL
}
CC_API int32_t cc_tensor_allclose(void* a, void* b, double rtol, double atol) { CC_TRY { return T(a).allclose(T(b), rtol, atol) ? 1 : 0; } CC_CATCH_INT }
CC_API int32_t cc_tensor_equal(void* a, void* b) { CC_TRY { return T(a).equal(T(b)) ? 1 : 0; } CC_CATCH_INT }
