// torch.nn.functional: activations with parameters, normalisation, losses, attention.
#include <cmath>
#include <torch/version.h>
#include "shim.h"

#if TORCH_VERSION_MAJOR >= 2
#define HT_HAVE_SDPA 1
#endif
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
#define HT_HAVE_SDPA_SCALE 1
#endif

// dtype < 0: the input's dtype.
HT_API th ht_softmax(th x, int64_t dim, int dtype, int log) {
  HT_TRY c10::optional<at::ScalarType> dt;
  if (dtype >= 0) dt = ht::dtype(dtype);
  return ht::wrap(log ? at::log_softmax(ht::T(x), dim, dt) : at::softmax(ht::T(x), dim, dt));
  HT_CATCH(nullptr)
}

// reduction: 0 none, 1 mean, 2 sum (at::Reduction).
HT_API th ht_cross_entropy(th logits, th target, th weight, int reduction, int64_t ignore_index, double label_smoothing) {
  HT_TRY return ht::wrap(at::cross_entropy_loss(ht::T(logits), ht::T(target), ht::opt(weight), reduction, ignore_index,
                                                label_smoothing));
  HT_CATCH(nullptr)
}

HT_API th ht_nll_loss(th logp, th target, th weight, int reduction, int64_t ignore_index) {
  HT_TRY return ht::wrap(at::nll_loss_nd(ht::T(logp), ht::T(target), ht::opt(weight), reduction, ignore_index));
  HT_CATCH(nullptr)
}

HT_API th ht_mse_loss(th a, th b, int reduction) {
  HT_TRY return ht::wrap(at::mse_loss(ht::T(a), ht::T(b), reduction));
  HT_CATCH(nullptr)
}

HT_API th ht_bce_with_logits(th x, th target, th weight, int reduction) {
  HT_TRY return ht::wrap(at::binary_cross_entropy_with_logits(ht::T(x), ht::T(target), ht::opt(weight), c10::nullopt, reduction));
  HT_CATCH(nullptr)
}

HT_API th ht_dropout(th x, double p, int train) {
  HT_TRY return ht::wrap(at::dropout(ht::T(x), p, train != 0));
  HT_CATCH(nullptr)
}

HT_API th ht_layer_norm(th x, const int64_t* shape, int64_t n, th w, th b, double eps) {
  HT_TRY return ht::wrap(at::layer_norm(ht::T(x), ht::dims(shape, n), ht::opt(w), ht::opt(b), eps));
  HT_CATCH(nullptr)
}

HT_API th ht_embedding(th weight, th indices, int64_t padding_idx) {
  HT_TRY return ht::wrap(at::embedding(ht::T(weight), ht::T(indices), padding_idx));
  HT_CATCH(nullptr)
}

namespace {

// The math path of scaled dot-product attention, for libtorch builds before 2.0 (and for an
// explicit scale on 2.0). A boolean mask marks the positions that take part; a float mask adds.
// The scale goes on q, a quarter the size of the [L, S] scores at head size 64, and the masks are
// applied to the scores in place: the product's backward keeps its inputs, not its output, so
// autograd loses nothing, and a step makes two fewer passes over the largest tensor it has.
at::Tensor attention_math(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                          const c10::optional<at::Tensor>& mask, double dropout_p, bool is_causal, double scale) {
  auto scores = at::matmul(q * scale, k.transpose(-2, -1));
  auto L = q.size(-2), S = k.size(-2);
  const auto minus_infinity = -std::numeric_limits<double>::infinity();
  if (is_causal) scores.masked_fill_(at::ones({L, S}, q.options().dtype(at::kBool)).triu(1), minus_infinity);
  if (mask.has_value()) {
    // A mask wider than the scores (broadcast batch or heads) cannot be applied in place.
    const bool fits = at::infer_size(scores.sizes(), mask->sizes()) == scores.sizes();
    if (mask->scalar_type() == at::kBool)
      scores = fits ? scores.masked_fill_(mask->logical_not(), minus_infinity) : scores.masked_fill(mask->logical_not(), minus_infinity);
    else
      scores = fits ? scores.add_(*mask) : scores + *mask;
  }
  auto weights = at::softmax(scores, -1);
  if (dropout_p > 0) weights = at::dropout(weights, dropout_p, true);
  return at::matmul(weights, v);
}

}  // namespace

HT_API th ht_sdpa(th q, th k, th v, th mask, double dropout_p, int is_causal, double scale, int has_scale) {
  HT_TRY auto&& Q = ht::T(q);
  auto&& K = ht::T(k);
  auto&& V = ht::T(v);
  auto m = ht::opt(mask);
  double s = has_scale ? scale : 1.0 / std::sqrt(static_cast<double>(Q.size(-1)));
#if defined(HT_HAVE_SDPA_SCALE)
  c10::optional<double> sc;
  if (has_scale) sc = scale;
  return ht::wrap(at::scaled_dot_product_attention(Q, K, V, m, dropout_p, is_causal != 0, sc));
#elif defined(HT_HAVE_SDPA)
  if (!has_scale) return ht::wrap(at::scaled_dot_product_attention(Q, K, V, m, dropout_p, is_causal != 0));
  return ht::wrap(attention_math(Q, K, V, m, dropout_p, is_causal != 0, s));
#else
  return ht::wrap(attention_math(Q, K, V, m, dropout_p, is_causal != 0, s));
#endif
  HT_CATCH(nullptr)
}

HT_API int ht_has_native_sdpa() {
#if defined(HT_HAVE_SDPA)
  return 1;
#else
  return 0;
#endif
}
