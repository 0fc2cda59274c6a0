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

// One chunk of logits at a time, written into a single [chunk, V] buffer reused across chunks.
// A fresh [chunk, V] tensor per chunk (tens of MB) is a fresh mmap on the CPU, and its page faults
// cost about as much as the exp over it. The first chunk goes through at::linear so it follows
// whatever dtype rules apply (autocast included); later chunks multiply in that same dtype into its
// storage.
class ChunkLogits {
 public:
  ChunkLogits(const at::Tensor& hidden, const at::Tensor& weight) : hidden_(hidden), weight_(weight) {}

  at::Tensor operator()(int64_t start, int64_t count) {
    auto h = hidden_.narrow(0, start, count);
    if (!buffer_.defined()) {
      // The first chunk is the largest (count = min(chunk, N)), so its storage holds every later one.
      buffer_ = at::linear(h, weight_);
      weightT_ = weight_.to(buffer_.scalar_type()).t();
      return buffer_;
    }
    auto rows = buffer_.narrow(0, 0, count);
    return at::mm_out(rows, h.to(buffer_.scalar_type()), weightT_);
  }

 private:
  const at::Tensor& hidden_;
  const at::Tensor& weight_;
  at::Tensor buffer_, weightT_;
};

struct LinearLogProbs : public torch::autograd::Function<LinearLogProbs> {
  // hidden [N, H], weight [V, H], targets [N] (int64) -> log p(targets) [N], float32. softcap <= 0: none.
  // entropy: undefined, or [N] float32 that receives each row's entropy (no gradient) from the same logits.
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& hidden, const at::Tensor& weight,
                            const at::Tensor& targets, int64_t chunk, double softcap,
                            const c10::optional<at::Tensor>& entropyOut) {
    RECORD_USER_SCOPE("halos::linear_log_probs");
    const at::Tensor entropy = entropyOut.has_value() ? *entropyOut : at::Tensor();
    const auto n = hidden.size(0);
    auto out = at::empty({n}, hidden.options().dtype(at::kFloat));
    auto lse = at::empty({n}, hidden.options().dtype(at::kFloat));
    ChunkLogits logitsOf(hidden, weight);
    at::Tensor scratch;  // exp(d) for the entropy, reused across chunks
    for (int64_t start = 0; start < n; start += chunk) {
      const auto count = std::min(chunk, n - start);
      auto logits = logitsOf(start, count).to(at::kFloat);
      if (softcap > 0) logits.div_(softcap).tanh_().mul_(softcap);
      auto picked = logits.gather(1, targets.narrow(0, start, count).unsqueeze(1)).squeeze(1);
      // logsumexp in place: at::logsumexp would allocate a [count, V] temporary for logits - max.
      auto rowMax = std::get<0>(logits.max(1, /*keepdim=*/true));
      rowMax.masked_fill_(rowMax.isinf(), 0);
      auto shifted = logits.sub_(rowMax);  // d = l - max
      at::Tensor sumExp;
      if (entropy.defined()) {
        // H = logsumexp(l) - sum(p * l) = log S - sum(e * d) / S with e = exp(d), S = sum(e): one more chunk buffer.
        if (!scratch.defined()) scratch = at::empty_like(shifted);
        auto e = scratch.narrow(0, 0, count);
        at::exp_out(e, shifted);
        sumExp = e.sum(1);
        auto weighted = e.mul_(shifted).sum(1);
        entropy.narrow(0, start, count).copy_(sumExp.log() - weighted.div_(sumExp));
      } else {
        sumExp = shifted.exp_().sum(1);
      }
      auto rowLse = sumExp.log_().add_(rowMax.squeeze(1));
      auto outRows = out.narrow(0, start, count);
      at::sub_out(outRows, picked, rowLse);
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
    ChunkLogits logitsOf(hidden, weight);
    for (int64_t start = 0; start < n; start += chunk) {
      const auto count = std::min(chunk, n - start);
      auto h = hidden.narrow(0, start, count);
      auto g = upstream.narrow(0, start, count).unsqueeze(1);
      // -g * softmax, then + g at the target: the gradient of g * log p with respect to the logits.
      auto gradLogits = logitsOf(start, count).to(at::kFloat);
      at::Tensor capped;  // tanh(logits / cap), kept for the chain rule through the cap
      if (softcap > 0) {
        capped = gradLogits.div_(softcap).tanh_().clone();
        gradLogits.mul_(softcap);
      }
      gradLogits.sub_(lse.narrow(0, start, count).unsqueeze(1)).exp_().mul_(-g);
      gradLogits.scatter_add_(1, targets.narrow(0, start, count).unsqueeze(1), g);
      if (softcap > 0) gradLogits.mul_(capped.square_().neg_().add_(1));
      if (needHidden) {
        auto rows = gradHidden.narrow(0, start, count);
        if (gradLogits.scalar_type() == hidden.scalar_type() && weight.scalar_type() == hidden.scalar_type())
          at::mm_out(rows, gradLogits, weight);
        else
          rows.copy_(at::mm(gradLogits.to(hidden.scalar_type()), weight.to(hidden.scalar_type())));
      }
      if (needWeight) gradWeight.addmm_(gradLogits.t(), h.to(at::kFloat));
    }
    if (needWeight) gradWeight = gradWeight.to(weight.scalar_type());
    return {gradHidden, gradWeight, at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

}  // namespace

// entropy: null, or an [N] float32 tensor on hidden's device that receives each row's entropy in nats (no gradient).
HT_API th ht_linear_log_probs(th hidden, th weight, th targets, int64_t chunk, double softcap, th entropy) {
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
  c10::optional<at::Tensor> e;
  if (entropy != nullptr) {
    e = at::Tensor(ht::T(entropy));
    if (e->dim() != 1 || e->size(0) != h.size(0) || e->scalar_type() != at::kFloat || e->device() != h.device() || !e->is_contiguous())
      throw std::invalid_argument("linear_log_probs: entropy must be a contiguous float32 [N] tensor on hidden's device, got " + c10::str(e->sizes()));
  }
  return ht::wrap(LinearLogProbs::apply(h, w, t, chunk, softcap, e));
  HT_CATCH(nullptr)
}
