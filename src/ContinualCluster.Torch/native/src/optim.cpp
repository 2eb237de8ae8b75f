// Optimisers as native objects: one call updates every parameter of every group (SGD, Adam, AdamW).
#include "common.h"
#include <cmath>

using cc::T;

namespace {
enum Kind { SGD = 0, ADAM = 1, ADAMW = 2 };
// hyper: lr, momentum/beta1, dampening/beta2, weight_decay, eps; flags: 1 nesterov, 2 maximize, 4 amsgrad
struct Group {
    std::vector<at::Tensor> params, s1, s2, s3;
    std::vector<int64_t> steps;
    double lr, m1, m2, wd, eps;
    int32_t flags;
};
struct Optimizer {
    int32_t kind;
    std::vector<Group> groups;
};
Optimizer& O(void* h) { return *static_cast<Optimizer*>(h); }

void sgd(Group& g) {
    const bool nesterov = g.flags & 1, maximize = g.flags & 2;
    for (size_t i = 0; i < g.params.size(); i++) {
        auto& p = g.params[i];
        const auto& grad = p.grad();
        if (!grad.defined()) continue;
        if (g.wd == 0 && g.m1 == 0) { p.add_(grad, maximize ? g.lr : -g.lr); continue; }
        at::Tensor d = maximize ? grad.neg() : grad;
        if (g.wd != 0) d = d.add(p, g.wd);
        if (g.m1 != 0) {
            auto& buf = g.s1[i];
            if (!buf.defined()) buf = d.clone().detach();
            else buf.mul_(g.m1).add_(d, 1 - g.m2);
            d = nesterov ? d.add(buf, g.m1) : buf;
        }
        p.add_(d, -g.lr);
    }
}

void adam(Group& g, bool decoupled) {
    const bool maximize = g.flags & 2, amsgrad = g.flags & 4;
    for (size_t i = 0; i < g.params.size(); i++) {
        auto& p = g.params[i];
        const auto& grad0 = p.grad();
        if (!grad0.defined()) continue;
        at::Tensor grad = maximize ? grad0.neg() : grad0;
        if (!g.s1[i].defined()) {
            g.s1[i] = at::zeros_like(p, at::MemoryFormat::Preserve);
            g.s2[i] = at::zeros_like(p, at::MemoryFormat::Preserve);
            if (amsgrad) g.s3[i] = at::zeros_like(p, at::MemoryFormat::Preserve);
        }
        int64_t step = ++g.steps[i];
        if (g.wd != 0) {
            if (decoupled) p.mul_(1 - g.lr * g.wd);
            else grad = grad.add(p, g.wd);
        }
        g.s1[i].lerp_(grad, 1 - g.m1);
        g.s2[i].mul_(g.m2).addcmul_(grad, grad, 1 - g.m2);
        double bc1 = 1 - std::pow(g.m1, (double)step), bc2 = 1 - std::pow(g.m2, (double)step);
        double step_size = g.lr / bc1, bc2_sqrt = std::sqrt(bc2);
        at::Tensor denom;
        if (amsgrad) {
            at::maximum_out(g.s3[i], g.s3[i], g.s2[i]);
            denom = (g.s3[i].sqrt() / bc2_sqrt).add_(g.eps);
        } else {
            denom = (g.s2[i].sqrt() / bc2_sqrt).add_(g.eps);
        }
        p.addcdiv_(g.s1[i], denom, -step_size);
    }
}
}  // namespace

CC_API void* cc_optim_new(int32_t kind) {
    CC_TRY {
        if (kind < SGD || kind > ADAMW) throw std::invalid_argument("unknown optimizer kind " + std::to_string(kind));
        return new Optimizer{kind, {}};
    } CC_CATCH_NULL
}
CC_API void cc_optim_free(void* h) { delete static_cast<Optimizer*>(h); }

CC_API int32_t cc_optim_add_group(void* h, void** params, int32_t n, const double* hyper, int32_t flags) {
    CC_TRY {
        Group g;
        for (int32_t i = 0; i < n; i++) {
            auto& p = T(params[i]);
            if (!p.is_leaf()) throw std::invalid_argument("parameter " + std::to_string(i) + " is not a leaf tensor");
            if (!p.is_floating_point()) throw std::invalid_argument("parameter " + std::to_string(i) + " is not floating point");
            g.params.push_back(p);
        }
        g.s1.resize(n); g.s2.resize(n); g.s3.resize(n); g.steps.assign(n, 0);
        g.lr = hyper[0]; g.m1 = hyper[1]; g.m2 = hyper[2]; g.wd = hyper[3]; g.eps = hyper[4];
        g.flags = flags;
        O(h).groups.push_back(std::move(g));
        return static_cast<int32_t>(O(h).groups.size() - 1);
    } CC_CATCH_INT
}
CC_API int32_t cc_optim_set_lr(void* h, int32_t group, double lr) {
    CC_TRY { O(h).groups.at(group).lr = lr; return 0; } CC_CATCH_INT
}
CC_API int32_t cc_optim_step(void* h) {
    CC_TRY {
        at::NoGradGuard guard;
        auto& o = O(h);
        for (auto& g : o.groups) {
            if (o.kind == SGD) sgd(g);
            else adam(g, o.kind == ADAMW);
        }
        return 0;
    } CC_CATCH_INT
}
CC_API int32_t cc_optim_zero_grad(void* h, uint8_t set_to_none) {
    CC_TRY {
        for (auto& g : O(h).groups)
            for (auto& p : g.params) {
                auto& grad = p.mutable_grad();
                if (!grad.defined()) continue;
                if (set_to_none) grad = at::Tensor();
                else { grad = grad.detach(); grad.zero_(); }
            }
        return 0;
    } CC_CATCH_INT
}
