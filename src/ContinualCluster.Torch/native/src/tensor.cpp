// Tensor creation, metadata, element access, shape manipulation and indexing.
#include "common.h"

using cc::T;
using cc::wrap;

static at::TensorOptions opts(int32_t dtype, bool requires_grad) {
    return at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)).requires_grad(requires_grad);
}

CC_API void* cc_tensor_from_data(const void* data, int32_t dtype, const int64_t* shape, int32_t ndim, uint8_t requires_grad) {
    CC_TRY {
        auto t = at::empty(cc::dims(shape, ndim), opts(dtype, false));
        if (t.numel() > 0) std::memcpy(t.data_ptr(), data, t.numel() * t.element_size());
        if (requires_grad) t.requires_grad_(true);
        return wrap(t);
    } CC_CATCH_NULL
}

// kind: 0 empty, 1 zeros, 2 ones, 3 randn, 4 rand, 5 full(value)
CC_API void* cc_tensor_new(int32_t kind, const int64_t* shape, int32_t ndim, int32_t dtype, double value, uint8_t requires_grad) {
    CC_TRY {
        auto d = cc::dims(shape, ndim);
        auto o = opts(dtype, false);
        at::Tensor t;
        switch (kind) {
            case 0: t = at::empty(d, o); break;
            case 1: t = at::zeros(d, o); break;
            case 2: t = at::ones(d, o); break;
            case 3: t = at::randn(d, o); break;
            case 4: t = at::rand(d, o); break;
            case 5: t = at::full(d, value, o); break;
            default: throw std::invalid_argument("unknown tensor factory kind");
        }
        if (requires_grad) t.requires_grad_(true);
        return wrap(t);
    } CC_CATCH_NULL
}

CC_API void* cc_tensor_arange(double start, double end, double step, int32_t dtype, uint8_t requires_grad) {
    CC_TRY { return wrap(at::arange(start, end, step, opts(dtype, requires_grad))); } CC_CATCH_NULL
}
CC_API void* cc_tensor_randint(int64_t low, int64_t high, const int64_t* shape, int32_t ndim, int32_t dtype) {
    CC_TRY { return wrap(at::randint(low, high, cc::dims(shape, ndim), opts(dtype, false))); } CC_CATCH_NULL
}
CC_API void* cc_tensor_randperm(int64_t n, int32_t dtype) {
    CC_TRY { return wrap(at::randperm(n, opts(dtype, false))); } CC_CATCH_NULL
}

CC_API int32_t cc_tensor_ndim(void* a) { CC_TRY { return static_cast<int32_t>(T(a).dim()); } CC_CATCH_INT }
CC_API int32_t cc_tensor_shape(void* a, int64_t* out, int32_t capacity) {
    CC_TRY {
        auto s = T(a).sizes();
        for (int32_t i = 0; i < capacity && i < (int32_t)s.size(); i++) out[i] = s[i];
        return static_cast<int32_t>(s.size());
    } CC_CATCH_INT
}
CC_API int32_t cc_tensor_dtype(void* a) { CC_TRY { return static_cast<int32_t>(T(a).scalar_type()); } CC_CATCH_INT }
CC_API int64_t cc_tensor_numel(void* a) { CC_TRY { return T(a).numel(); } CC_CATCH_INT }
CC_API int32_t cc_tensor_is_contiguous(void* a) { CC_TRY { return T(a).is_contiguous() ? 1 : 0; } CC_CATCH_INT }

// Copies the elements (row-major, contiguous) into dst, which holds `bytes` bytes.
CC_API int32_t cc_tensor_copy_to(void* a, void* dst, int64_t bytes) {
    CC_TRY {
        auto t = T(a).detach().contiguous();
        int64_t need = t.numel() * static_cast<int64_t>(t.element_size());
        if (need != bytes) throw std::invalid_argument("destination holds " + std::to_string(bytes) + " bytes, tensor needs " + std::to_string(need));
        if (need > 0) std::memcpy(dst, t.data_ptr(), need);
        return 0;
    } CC_CATCH_INT
}
// Overwrites the elements from src (row-major), keeping the tensor's identity (used by load_state_dict).
CC_API int32_t cc_tensor_copy_from(void* a, const void* src, int64_t bytes) {
    CC_TRY {
        auto& t = T(a);
        int64_t need = t.numel() * static_cast<int64_t>(t.element_size());
        if (need != bytes) throw std::invalid_argument("source holds " + std::to_string(bytes) + " bytes, tensor needs " + std::to_string(need));
        at::NoGradGuard g;
        auto src_t = at::from_blob(const_cast<void*>(src), t.sizes(), t.options().requires_grad(false));
        t.copy_(src_t);
        return 0;
    } CC_CATCH_INT
}
CC_API int32_t cc_tensor_item_f64(void* a, double* out) { CC_TRY { *out = T(a).item<double>(); return 0; } CC_CATCH_INT }
CC_API int32_t cc_tensor_item_i64(void* a, int64_t* out) { CC_TRY { *out = T(a).item<int64_t>(); return 0; } CC_CATCH_INT }

CC_API void* cc_tensor_reshape(void* a, const int64_t* s, int32_t n) { CC_TRY { return wrap(T(a).reshape(cc::dims(s, n))); } CC_CATCH_NULL }
CC_API void* cc_tensor_view(void* a, const int64_t* s, int32_t n) { CC_TRY { return wrap(T(a).view(cc::dims(s, n))); } CC_CATCH_NULL }
CC_API void* cc_tensor_expand(void* a, const int64_t* s, int32_t n) { CC_TRY { return wrap(T(a).expand(cc::dims(s, n))); } CC_CATCH_NULL }
CC_API void* cc_tensor_permute(void* a, const int64_t* s, int32_t n) { CC_TRY { return wrap(T(a).permute(cc::dims(s, n))); } CC_CATCH_NULL }
CC_API void* cc_tensor_repeat(void* a, const int64_t* s, int32_t n) { CC_TRY { return wrap(T(a).repeat(cc::dims(s, n))); } CC_CATCH_NULL }
CC_API void* cc_tensor_transpose(void* a, int64_t d0, int64_t d1) { CC_TRY { return wrap(T(a).transpose(d0, d1)); } CC_CATCH_NULL }
CC_API void* cc_tensor_t(void* a) { CC_TRY { return wrap(T(a).t()); } CC_CATCH_NULL }
CC_API void* cc_tensor_contiguous(void* a) { CC_TRY { return wrap(T(a).contiguous()); } CC_CATCH_NULL }
CC_API void* cc_tensor_flatten(void* a, int64_t s, int64_t e) { CC_TRY { return wrap(T(a).flatten(s, e)); } CC_CATCH_NULL }
CC_API void* cc_tensor_squeeze(void* a, int64_t d, uint8_t all) { CC_TRY { return wrap(all ? T(a).squeeze() : T(a).squeeze(d)); } CC_CATCH_NULL }
CC_API void* cc_tensor_unsqueeze(void* a, int64_t d) { CC_TRY { return wrap(T(a).unsqueeze(d)); } CC_CATCH_NULL }
CC_API void* cc_tensor_narrow(void* a, int64_t d, int64_t start, int64_t len) { CC_TRY { return wrap(T(a).narrow(d, start, len)); } CC_CATCH_NULL }
CC_API void* cc_tensor_slice(void* a, int64_t d, int64_t start, int64_t end, int64_t step) { CC_TRY { return wrap(T(a).slice(d, start, end, step)); } CC_CATCH_NULL }
CC_API void* cc_tensor_select(void* a, int64_t d, int64_t i) { CC_TRY { return wrap(T(a).select(d, i)); } CC_CATCH_NULL }
CC_API void* cc_tensor_index_select(void* a, int64_t d, void* idx) { CC_TRY { return wrap(T(a).index_select(d, T(idx))); } CC_CATCH_NULL }
CC_API void* cc_tensor_gather(void* a, int64_t d, void* idx) { CC_TRY { return wrap(T(a).gather(d, T(idx))); } CC_CATCH_NULL }
CC_API void* cc_tensor_scatter(void* a, int64_t d, void* idx, void* src) { CC_TRY { return wrap(T(a).scatter(d, T(idx), T(src))); } CC_CATCH_NULL }
CC_API void* cc_tensor_masked_fill(void* a, void* mask, double v) { CC_TRY { return wrap(T(a).masked_fill(T(mask), v)); } CC_CATCH_NULL }
CC_API void* cc_tensor_masked_select(void* a, void* mask) { CC_TRY { return wrap(T(a).masked_select(T(mask))); } CC_CATCH_NULL }
CC_API void* cc_tensor_to_dtype(void* a, int32_t dtype) { CC_TRY { return wrap(T(a).to(static_cast<at::ScalarType>(dtype))); } CC_CATCH_NULL }
CC_API void* cc_tensor_alias(void* a) { CC_TRY { return wrap(T(a)); } CC_CATCH_NULL }

CC_API void* cc_tensor_cat(void** ts, int32_t n, int64_t dim) {
    CC_TRY {
        std::vector<at::Tensor> v; v.reserve(n);
        for (int32_t i = 0; i < n; i++) v.push_back(T(ts[i]));
        return wrap(at::cat(v, dim));
    } CC_CATCH_NULL
}
CC_API void* cc_tensor_stack(void** ts, int32_t n, int64_t dim) {
    CC_TRY {
        std::vector<at::Tensor> v; v.reserve(n);
        for (int32_t i = 0; i < n; i++) v.push_back(T(ts[i]));
        return wrap(at::stack(v, dim));
    } CC_CATCH_NULL
}
// Splits into chunks of `size` along dim; writes up to `capacity` handles, returns the count.
CC_API int32_t cc_tensor_split(void* a, int64_t size, int64_t dim, void** out, int32_t capacity) {
    CC_TRY {
        auto parts = T(a).split(size, dim);
        if ((int32_t)parts.size() > capacity) throw std::invalid_argument("too many chunks");
        for (size_t i = 0; i < parts.size(); i++) out[i] = wrap(parts[i]);
        return static_cast<int32_t>(parts.size());
    } CC_CATCH_INT
}

// Index kinds: 0 single(a), 1 slice(a,b,c; has-flags in mask bits 1,2,4), 2 ellipsis, 3 none, 4 tensor, 5 bool(a)
static std::vector<at::indexing::TensorIndex> make_index(int32_t n, const int32_t* kinds, const int64_t* a, const int64_t* b, const int64_t* c, const int32_t* has, void** ts) {
    using namespace at::indexing;
    std::vector<TensorIndex> idx; idx.reserve(n);
    for (int32_t i = 0; i < n; i++) {
        switch (kinds[i]) {
            case 0: idx.emplace_back(a[i]); break;
            case 1: idx.emplace_back(Slice(has[i] & 1 ? c10::optional<int64_t>(a[i]) : c10::nullopt,
                                           has[i] & 2 ? c10::optional<int64_t>(b[i]) : c10::nullopt,
                                           has[i] & 4 ? c10::optional<int64_t>(c[i]) : c10::nullopt)); break;
            case 2: idx.emplace_back(Ellipsis); break;
            case 3: idx.emplace_back(None); break;
            case 4: idx.emplace_back(T(ts[i])); break;
            case 5: idx.emplace_back(a[i] != 0); break;
            default: throw std::invalid_argument("unknown index kind");
        }
    }
    return idx;
}
CC_API void* cc_tensor_index(void* t, int32_t n, const int32_t* kinds, const int64_t* a, const int64_t* b, const int64_t* c, const int32_t* has, void** ts) {
    CC_TRY { return wrap(T(t).index(make_index(n, kinds, a, b, c, has, ts))); } CC_CATCH_NULL
}
CC_API int32_t cc_tensor_index_put(void* t, int32_t n, const int32_t* kinds, const int64_t* a, const int64_t* b, const int64_t* c, const int32_t* has, void** ts, void* value) {
    CC_TRY { T(t).index_put_(make_index(n, kinds, a, b, c, has, ts), T(value)); return 0; } CC_CATCH_INT
}
