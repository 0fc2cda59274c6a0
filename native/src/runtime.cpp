// Process-wide runtime control: seeding, threads, CUDA discovery, build information.
#include <torch/cuda.h>
#include <torch/version.h>
#include <ATen/Parallel.h>
#include "shim.h"

HT_API int ht_manual_seed(uint64_t seed) {
  HT_TRY at::manual_seed(seed);
  return 0;
  HT_CATCH(-1)
}

HT_API int ht_set_num_threads(int n) {
  HT_TRY at::set_num_threads(n);
  return 0;
  HT_CATCH(-1)
}

HT_API int ht_get_num_threads() { return at::get_num_threads(); }

HT_API int ht_cuda_is_available() {
  HT_TRY return torch::cuda::is_available() ? 1 : 0;
  HT_CATCH(0)
}

HT_API int ht_cuda_device_count() {
  HT_TRY return static_cast<int>(torch::cuda::device_count());
  HT_CATCH(0)
}

HT_API int ht_cuda_synchronize(int device) {
  HT_TRY torch::cuda::synchronize(device);
  return 0;
  HT_CATCH(-1)
}

HT_API const char* ht_version() { return TORCH_VERSION; }

HT_API const char* ht_build_config() {
  static std::string config;
  try {
    config = at::show_config();
  } catch (...) {
    config = "unavailable";
  }
  return config.c_str();
}
