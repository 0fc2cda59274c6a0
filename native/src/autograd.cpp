// Autograd: gradient flags, backward, .grad access, and the grad-mode / inference-mode scopes.
#include <ATen/record_function.h>
#include <c10/core/GradMode.h>
#include <c10/core/InferenceMode.h>
#include "shim.h"

HT_API int ht_requires_grad(th h) {
  HT_TRY return ht::T(h).requires_grad() ? 1 : 0;
  HT_CATCH(-1)
}

HT_API int ht_set_requires_grad(th h, int flag) {
  HT_TRY ht::T(h).requires_grad_(flag != 0);
  return 0;
  HT_CATCH(-1)
}

HT_API int ht_is_leaf(th h) {
  HT_TRY return ht::T(h).is_leaf() ? 1 : 0;
  HT_CATCH(-1)
}

// grad may be NULL for a scalar output.
HT_API int ht_backward(th h, th grad, int retain_graph, int create_graph) {
  // The range makes the autograd engine's own time (between backward nodes) count as time inside libtorch.
  HT_TRY RECORD_USER_SCOPE("halos::backward");
  auto&& t = ht::T(h);
  at::Tensor g = ht::opt(grad).value_or(at::Tensor());
  c10::optional<bool> retain;
  if (retain_graph >= 0) retain = retain_graph != 0;
  t.backward(g, retain, create_graph != 0);
  return 0;
  HT_CATCH(-1)
}

// Writes NULL when the tensor has no gradient yet.
HT_API int ht_grad(th h, th* out) {
  HT_TRY const auto& g = ht::T(h).grad();
  *out = g.defined() ? ht::wrap(g) : nullptr;
  return 0;
  HT_CATCH(-1)
}

// grad NULL clears it (set_to_none).
HT_API int ht_set_grad(th h, th grad) {
  HT_TRY ht::T(h).mutable_grad() = ht::opt(grad).value_or(at::Tensor());
  return 0;
  HT_CATCH(-1)
}

HT_API int ht_detach_(th h) {
  HT_TRY ht::T(h).detach_();
  return 0;
  HT_CATCH(-1)
}

HT_API int ht_grad_enabled() { return c10::GradMode::is_enabled() ? 1 : 0; }

HT_API void ht_set_grad_enabled(int enabled) { c10::GradMode::set_enabled(enabled != 0); }

HT_API void* ht_inference_mode_enter() {
  HT_TRY return new c10::InferenceMode(true);
  HT_CATCH(nullptr)
}

HT_API void ht_inference_mode_exit(void* guard) { delete static_cast<c10::InferenceMode*>(guard); }

HT_API int ht_is_inference_mode() { return c10::InferenceMode::is_enabled() ? 1 : 0; }
