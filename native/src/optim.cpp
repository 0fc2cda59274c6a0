// Optimiser steps and gradient clipping, done natively so one step costs one call per
// parameter group rather than a handful of managed calls per parameter.
#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#include <cmath>
#include "shim.h"

namespace {

// One pass over p, g, m, v for contiguous float32 CPU tensors: the unfused update reads and
// writes each buffer several times, and on a CPU the optimiser step is memory-bound.
bool fused_adamw_cpu(const at::Tensor& p, const at::Tensor& g, const at::Tensor& m, const at::Tensor& v, double lr, double beta1,
                     double beta2, double eps, double weight_decay, double step_size, double bc2_sqrt) {
  auto ok = [&](const at::Tensor& t) {
    return t.device().is_cpu() && t.scalar_type() == at::kFloat && t.is_contiguous() && t.numel() == p.numel();
  };
  if (!ok(p) || !ok(g) || !ok(m) || !ok(v)) return false;
  float* P = p.data_ptr<float>();
  const float* G = g.data_ptr<float>();
  float* M = m.data_ptr<float>();
  float* V = v.data_ptr<float>();
  const float decay = static_cast<float>(1.0 - lr * weight_decay);
  const float a1 = static_cast<float>(1.0 - beta1), b2 = static_cast<float>(beta2), a2 = static_cast<float>(1.0 - beta2);
  const float inv_bc2 = static_cast<float>(1.0 / bc2_sqrt), e = static_cast<float>(eps), ss = static_cast<float>(step_size);
  at::parallel_for(0, p.numel(), 16384, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      float gi = G[i];
      float pi = weight_decay != 0 ? P[i] * decay : P[i];
      float mi = M[i] + a1 * (gi - M[i]);
      float vi = b2 * V[i] + a2 * gi * gi;
      M[i] = mi;
      V[i] = vi;
      P[i] = pi - ss * mi / (std::sqrt(vi) * inv_bc2 + e);
    }
  });
  return true;
}

}  // namespace

// AdamW (Loshchilov & Hutter 2019) with PyTorch's update order and bias correction.
// Parameters without a gradient are skipped.
HT_API int ht_adamw_step(const th* params, const th* exp_avgs, const th* exp_avg_sqs, int64_t n, double lr,
                         double beta1, double beta2, double eps, double weight_decay, int64_t step) {
  HT_TRY RECORD_USER_SCOPE("halos::adamw_step");
  at::NoGradGuard no_grad;
  double bc1 = 1.0 - std::pow(beta1, static_cast<double>(step));
  double bc2_sqrt = std::sqrt(1.0 - std::pow(beta2, static_cast<double>(step)));
  double step_size = lr / bc1;
  for (int64_t i = 0; i < n; ++i) {
    auto&& p = ht::T(params[i]);
    const auto& g = p.grad();
    if (!g.defined()) continue;
    auto&& m = ht::T(exp_avgs[i]);
    auto&& v = ht::T(exp_avg_sqs[i]);
    if (fused_adamw_cpu(p, g, m, v, lr, beta1, beta2, eps, weight_decay, step_size, bc2_sqrt)) continue;
    if (weight_decay != 0) p.mul_(1.0 - lr * weight_decay);
    m.lerp_(g, 1.0 - beta1);
    v.mul_(beta2).addcmul_(g, g, 1.0 - beta2);
    auto denom = (v.sqrt() / bc2_sqrt).add_(eps);
    p.addcdiv_(m, denom, -step_size);
  }
  return 0;
  HT_CATCH(-1)
}

// SGD with optional momentum, dampening, Nesterov and (coupled) weight decay, as torch.optim.SGD.
// momentum_bufs[i] is a preallocated buffer; first_step copies the gradient into it.
HT_API int ht_sgd_step(const th* params, const th* momentum_bufs, int64_t n, double lr, double momentum,
                       double dampening, double weight_decay, int nesterov, int first_step) {
  HT_TRY at::NoGradGuard no_grad;
  for (int64_t i = 0; i < n; ++i) {
    auto&& p = ht::T(params[i]);
    const auto& g0 = p.grad();
    if (!g0.defined()) continue;
    at::Tensor d = weight_decay != 0 ? g0.add(p, weight_decay) : g0;
    if (momentum != 0) {
      auto&& buf = ht::T(momentum_bufs[i]);
      if (first_step) buf.copy_(d);
      else buf.mul_(momentum).add_(d, 1.0 - dampening);
      d = nesterov ? d.add(buf, momentum) : static_cast<const at::Tensor&>(buf);
    }
    p.add_(d, -lr);
  }
  return 0;
  HT_CATCH(-1)
}

// Total gradient norm over the parameters; scales gradients so it is at most max_norm.
// Writes the norm before clipping, which is what training logs report.
HT_API int ht_clip_grad_norm(const th* params, int64_t n, double max_norm, double norm_type, double* total_norm) {
  HT_TRY at::NoGradGuard no_grad;
  std::vector<at::Tensor> grads;
  for (int64_t i = 0; i < n; ++i) {
    const auto& g = ht::T(params[i]).grad();
    if (g.defined()) grads.push_back(g);
  }
  if (grads.empty()) {
    *total_norm = 0.0;
    return 0;
  }
  at::Tensor total;
  if (std::isinf(norm_type)) {
    std::vector<at::Tensor> maxes;
    for (auto& g : grads) maxes.push_back(g.detach().abs().max().to(at::kFloat));
    total = at::stack(maxes).max();
  } else {
    std::vector<at::Tensor> norms;
    for (auto& g : grads) norms.push_back(at::norm(g.detach(), norm_type).to(at::kFloat));
    total = at::norm(at::stack(norms), norm_type);
  }
  double t = total.item<double>();
  *total_norm = t;
  if (max_norm > 0) {
    double coef = max_norm / (t + 1e-6);
    if (coef < 1.0)
      for (auto& g : grads) g.mul_(coef);
  }
  return 0;
  HT_CATCH(-1)
}

// Clears gradients: set_to_none drops them, otherwise zeroes them in place.
HT_API int ht_zero_grad(const th* params, int64_t n, int set_to_none) {
  HT_TRY for (int64_t i = 0; i < n; ++i) {
    auto&& p = ht::T(params[i]);
    if (!p.grad().defined()) continue;
    if (set_to_none) p.mutable_grad() = at::Tensor();
    else p.mutable_grad().zero_();
  }
  return 0;
  HT_CATCH(-1)
}
