// Autocast (mixed precision) scopes: inside one, eligible ops (matmul, linear, ...) run in the given dtype
// while weights stay in theirs. Uses the at::autocast functions present in libtorch 1.13 and 2.x.
#include <ATen/autocast_mode.h>
#include "shim.h"

namespace {

struct AutocastState {
  bool cuda;
  bool previous_enabled;
  at::ScalarType previous_dtype;
};

}  // namespace

// device_type: 0 CPU, 1 CUDA (c10::DeviceType). Returns the state to hand back to ht_autocast_exit.
HT_API void* ht_autocast_enter(int device_type, int dtype) {
  HT_TRY auto* state = new AutocastState();
  state->cuda = device_type == static_cast<int>(c10::DeviceType::CUDA);
  if (state->cuda) {
    state->previous_enabled = at::autocast::is_enabled();
    state->previous_dtype = at::autocast::get_autocast_gpu_dtype();
    at::autocast::set_enabled(true);
    at::autocast::set_autocast_gpu_dtype(ht::dtype(dtype));
  } else {
    state->previous_enabled = at::autocast::is_cpu_enabled();
    state->previous_dtype = at::autocast::get_autocast_cpu_dtype();
    at::autocast::set_cpu_enabled(true);
    at::autocast::set_autocast_cpu_dtype(ht::dtype(dtype));
  }
  at::autocast::increment_nesting();
  return state;
  HT_CATCH(nullptr)
}

HT_API int ht_autocast_exit(void* handle) {
  HT_TRY auto* state = static_cast<AutocastState*>(handle);
  // The cast-weight cache lives for the outermost scope only, as torch.autocast does.
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  if (state->cuda) {
    at::autocast::set_enabled(state->previous_enabled);
    at::autocast::set_autocast_gpu_dtype(state->previous_dtype);
  } else {
    at::autocast::set_cpu_enabled(state->previous_enabled);
    at::autocast::set_autocast_cpu_dtype(state->previous_dtype);
  }
  delete state;
  return 0;
  HT_CATCH(-1)
}
