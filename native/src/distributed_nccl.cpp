// NCCL, the CUDA backend. Compiled only when CMake found a libtorch built with NCCL
// (HALOS_WITH_NCCL); Debian's CPU libtorch has none, so on CPU-only machines this file is empty.
#ifdef HALOS_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#include "distributed.h"

namespace ht::dist {

std::unique_ptr<Collectives> make_nccl(const StoreHandle& store, int rank, int world, Millis timeout) {
  auto options = c10d::ProcessGroupNCCL::Options::create();
  options->timeout = timeout;
  auto group = c10::make_intrusive<c10d::ProcessGroupNCCL>(store.store, rank, world, options);
  return std::make_unique<CollectivesOver<c10d::ProcessGroupNCCL>>(std::move(group), /*average=*/true);
}

}  // namespace ht::dist
#endif
