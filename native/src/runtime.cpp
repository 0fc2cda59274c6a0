// Process-wide runtime control: seeding, threads, CUDA discovery, build information.
#include <torch/cuda.h>
#include <torch/version.h>
#include <ATen/Parallel.h>
#include "shim.h"
#if defined(HALOS_WITH_CUDA)
#include <c10/cuda/CUDACachingAllocator.h>
#endif

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

// The most bytes the caching allocator has had allocated on the device since the process began
// (torch.cuda.max_memory_allocated); -1 with the error slot set when the shim has no CUDA.
HT_API int64_t ht_cuda_max_memory_allocated(int device) {
  HT_TRY
#if defined(HALOS_WITH_CUDA)
  const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(static_cast<c10::DeviceIndex>(device));
  return stats.allocated_bytes[0].peak;  // index 0 is StatType::AGGREGATE, every pool together
#else
  (void)device;
  throw std::runtime_error("cuda_max_memory_allocated: libhalos_torch was built against a libtorch without CUDA");
#endif
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
