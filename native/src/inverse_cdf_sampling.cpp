// Drawing one token per row of a [B, V] distribution by inverting its cumulative mass (Halos.Abstractions.Torch's
// BatchSampler): the whole pick in one call, without the [B, V] float64 running sums, comparisons and counts the
// tensor-op spelling materialises every decoding step.
#include "shim.h"
#include <ATen/Parallel.h>
#include <cmath>
#include <limits>

// logits [B, V] (any float dtype; read as float32), uniforms [B] (float64, in [0, 1)).
// tokens [B] int64: per row, the first token whose running probability mass exceeds u · total, where the probabilities
// are softmax's in float32 (as at::softmax computes them) and the running sum is float64, as torch.multinomial sums
// them; a token of probability 0 is never picked. log_probs [B] float32: the picked token's log-probability,
// log of its softmax probability (over the row's float64 total).
HT_API int ht_inverse_cdf_sample(th logits_h, th uniforms_h, th* tokens_out, th* log_probs_out) {
  HT_TRY auto logits = ht::T(logits_h).to(at::kFloat).contiguous();
  auto uniforms = ht::T(uniforms_h).to(at::kDouble).contiguous();
  if (logits.dim() != 2) throw std::invalid_argument("ht_inverse_cdf_sample: logits must be [B, V]");
  const int64_t rows = logits.size(0), vocab = logits.size(1);
  if (uniforms.numel() != rows) throw std::invalid_argument("ht_inverse_cdf_sample: one uniform per row");
  if (!logits.device().is_cpu()) {
    // On an accelerator the tensor spelling is already fast; this path keeps the semantics everywhere.
    auto cumulative = at::softmax(logits, -1).to(at::kDouble).cumsum(-1);
    auto target = uniforms.unsqueeze(-1) * cumulative.narrow(-1, vocab - 1, 1);
    auto tokens = cumulative.le(target).to(at::kFloat).sum(-1).to(at::kLong).clamp_max(vocab - 1);
    auto picked = logits.gather(1, tokens.unsqueeze(1)).squeeze(1) - at::logsumexp(logits, {-1});
    *tokens_out = ht::wrap(tokens);
    *log_probs_out = ht::wrap(picked);
    return 0;
  }
  auto probabilities = at::softmax(logits, -1).contiguous();
  auto tokens = at::empty({rows}, logits.options().dtype(at::kLong));
  auto log_probs = at::empty({rows}, logits.options());
  const float* p = probabilities.data_ptr<float>();
  const double* u = uniforms.data_ptr<double>();
  int64_t* token = tokens.data_ptr<int64_t>();
  float* log_prob = log_probs.data_ptr<float>();
  at::parallel_for(0, rows, 1, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float* pr = p + r * vocab;
      double total = 0;
      for (int64_t i = 0; i < vocab; ++i) total += pr[i];
      const double target = u[r] * total;
      double running = 0;
      int64_t pick = -1, last_positive = 0;
      for (int64_t i = 0; i < vocab; ++i) {
        if (pr[i] > 0) last_positive = i;
        running += pr[i];
        if (running > target && pr[i] > 0) {
          pick = i;
          break;
        }
      }
      if (pick < 0) pick = last_positive;  // rounding left the target at the very top: the last token with mass
      token[r] = pick;
      // log p of the pick from softmax's own probability (relative error ~1e-7, so the log is good to ~1e-7): no second
      // pass of exponentials over the vocabulary.
      log_prob[r] = static_cast<float>(std::log(static_cast<double>(pr[pick]) / total));
    }
  });
  *tokens_out = ht::wrap(tokens);
  *log_probs_out = ht::wrap(log_probs);
  return 0;
  HT_CATCH(-1)
}
