// Per-token log-probabilities through a linear language-model head, chunked in both directions.
// Autograd would keep every chunk's [positions, V] logits for the backward of logsumexp, so a
// chunked forward alone does not bound training memory. This Function saves only its inputs
// and one logsumexp per position; backward recomputes one chunk of logits at a time and turns
// it into the gradient in place (d log p / d logits = onehot(target) - softmax).
// An optional soft cap (Gemma 2's final_logit_softcapping) bounds the logits to (-cap, cap) as
// cap * tanh(logits / cap) before the softmax; the backward recomputes the tanh per chunk and
// multiplies by its derivative 1 - tanh^2.
#include <ATen/record_function.h>
#include <torch/csrc/autograd/custom_function.h>
#include <algorithm>
#include "shim.h"

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

struct LinearLogProbs : public torch::autograd::Function<LinearLogProbs> {
  // hidden [N, H], weight [V, H], targets [N] (int64) -> log p(targets) [N], float32. softcap <= 0: none.
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& hidden, const at::Tensor& weight,
                            const at::Tensor& targets, int64_t chunk, double softcap) {
    RECORD_USER_SCOPE("halos::linear_log_probs");
    const auto n = hidden.size(0);
    auto out = at::empty({n}, hidden.options().dtype(at::kFloat));
    auto lse = at::empty({n}, hidden.options().dtype(at::kFloat));
    for (int64_t start = 0; start < n; start += chunk) {
      const auto count = std::min(chunk, n - start);
      auto logits = at::linear(hidden.narrow(0, start, count), weight).to(at::kFloat);
      if (softcap > 0) logits.div_(softcap).tanh_().mul_(softcap);
      auto rowLse = logits.logsumexp(-1);
      auto picked = logits.gather(1, targets.narrow(0, start, count).unsqueeze(1)).squeeze(1);
      out.narrow(0, start, count).copy_(picked - rowLse);
      lse.narrow(0, start, count).copy_(rowLse);
    }
    ctx->save_for_backward({hidden, weight, targets, lse});
    ctx->saved_data["chunk"] = chunk;
    ctx->saved_data["softcap"] = softcap;
    return out;
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grads) {
    RECORD_USER_SCOPE("halos::linear_log_probs_backward");
    const auto saved = ctx->get_saved_variables();
    const auto& hidden = saved[0];
    const auto& weight = saved[1];
    const auto& targets = saved[2];
    const auto& lse = saved[3];
    const auto chunk = ctx->saved_data["chunk"].toInt();
    const auto softcap = ctx->saved_data["softcap"].toDouble();
    const auto upstream = grads[0].to(at::kFloat);
    const bool needHidden = ctx->needs_input_grad(0), needWeight = ctx->needs_input_grad(1);
    const auto n = hidden.size(0);
    at::Tensor gradHidden, gradWeight;
    if (needHidden) gradHidden = at::empty_like(hidden);
    // Accumulated in float32 whatever the weight's dtype: many chunks add into it.
    if (needWeight) gradWeight = at::zeros(weight.sizes(), weight.options().dtype(at::kFloat));
    for (int64_t start = 0; start < n; start += chunk) {
      const auto count = std::min(chunk, n - start);
      auto h = hidden.narrow(0, start, count);
      auto g = upstream.narrow(0, start, count).unsqueeze(1);
      // -g * softmax, then + g at the target: the gradient of g * log p with respect to the logits.
      auto gradLogits = at::linear(h, weight).to(at::kFloat);
      at::Tensor capped;  // tanh(logits / cap), kept for the chain rule through the cap
      if (softcap > 0) {
        capped = gradLogits.div_(softcap).tanh_().clone();
        gradLogits.mul_(softcap);
      }
      gradLogits.sub_(lse.narrow(0, start, count).unsqueeze(1)).exp_().mul_(-g);
      gradLogits.scatter_add_(1, targets.narrow(0, start, count).unsqueeze(1), g);
      if (softcap > 0) gradLogits.mul_(capped.square_().neg_().add_(1));
      if (needHidden) gradHidden.narrow(0, start, count).copy_(at::mm(gradLogits.to(hidden.scalar_type()), weight.to(hidden.scalar_type())));
      if (needWeight) gradWeight.addmm_(gradLogits.t(), h.to(at::kFloat));
    }
    if (needWeight) gradWeight = gradWeight.to(weight.scalar_type());
    return {gradHidden, gradWeight, at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

}  // namespace

HT_API th ht_linear_log_probs(th hidden, th weight, th targets, int64_t chunk, double softcap) {
  HT_TRY
  if (chunk <= 0) throw std::invalid_argument("linear_log_probs: chunk must be positive, got " + std::to_string(chunk));
  auto h = at::Tensor(ht::T(hidden));
  auto w = at::Tensor(ht::T(weight));
  auto t = at::Tensor(ht::T(targets));
  if (h.dim() != 2 || w.dim() != 2 || t.dim() != 1 || h.size(0) != t.size(0) || h.size(1) != w.size(1))
    throw std::invalid_argument("linear_log_probs: expected hidden [N, H], weight [V, H], targets [N]; got hidden " +
                                c10::str(h.sizes()) + ", weight " + c10::str(w.sizes()) + ", targets " + c10::str(t.sizes()));
  if (t.scalar_type() != at::kLong) throw std::invalid_argument("linear_log_probs: targets must be int64");
  if (!(softcap >= 0)) throw std::invalid_argument("linear_log_probs: softcap must be 0 (none) or positive, got " + std::to_string(softcap));
  return ht::wrap(LinearLogProbs::apply(h, w, t, chunk, softcap));
  HT_CATCH(nullptr)
}
