// Gradient-ready hooks: a callback after a leaf's gradient has been accumulated into .grad during backward, the
// point at which data-parallel training can start reducing it while backward continues with earlier layers.
// The hook sits on the leaf's AccumulateGrad node, which libtorch keeps only while something holds it: the
// registration holds it, so the node and its hook live as long as the registration handle.
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/function_hook.h>
#include <torch/csrc/autograd/variable.h>
#include "shim.h"

typedef void (*ht_grad_ready_fn)(void* context, int64_t index);

namespace {

struct GradReadyHook final : torch::autograd::FunctionPostHook {
  GradReadyHook(ht_grad_ready_fn fn, void* context, int64_t index) : fn(fn), context(context), index(index) {}

  torch::autograd::variable_list operator()(const torch::autograd::variable_list& outputs,
                                            const torch::autograd::variable_list& /*inputs*/) override {
    fn(context, index);
    return outputs;
  }

  ht_grad_ready_fn fn;
  void* context;
  int64_t index;
};

struct GradReadyRegistration {
  std::shared_ptr<torch::autograd::Node> accumulator;
  uintptr_t key;
};

}  // namespace

// Calls fn(context, index) on the backward thread each time the leaf h's gradient is accumulated. Returns the
// registration, which ht_grad_ready_hook_remove releases; NULL on error (h is not a leaf that requires grad).
HT_API void* ht_grad_ready_hook_add(th h, ht_grad_ready_fn fn, void* context, int64_t index) {
  HT_TRY auto&& t = ht::T(h);
  if (!t.requires_grad() || !t.is_leaf())
    throw std::invalid_argument("a gradient-ready hook needs a leaf tensor that requires grad");
  auto accumulator = torch::autograd::impl::grad_accumulator(t);
  if (!accumulator) throw std::runtime_error("the tensor has no gradient accumulator");
  auto key = accumulator->add_post_hook(std::make_unique<GradReadyHook>(fn, context, index));
  return new GradReadyRegistration{std::move(accumulator), key};
  HT_CATCH(nullptr)
}

HT_API void ht_grad_ready_hook_remove(void* registration) {
  auto* r = static_cast<GradReadyRegistration*>(registration);
  if (r == nullptr) return;
  r->accumulator->del_post_hook(r->key);
  delete r;
}
