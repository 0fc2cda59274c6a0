// Stand-ins for the c10d binding when CMake found no Gloo (libgloo-dev) at build time: the
// shim still builds and loads, ht_distributed_available() says 0, and every entry point fails
// with a message saying what to install. CMake compiles this file instead of distributed_*.cpp.
#include "shim.h"

namespace {
constexpr const char* kMissing =
    "distributed training is not available: libhalos_torch was built without Gloo. Install libgloo-dev "
    "(apt-get install libgloo-dev, or scripts/setup.sh) and rebuild (dotnet build src/Halos.Torch)";

template <class R>
R missing(R r) {
  ht::set_error(kMissing);
  return r;
}
}  // namespace

HT_API int ht_distributed_available() { return 0; }
HT_API int ht_distributed_nccl_available() { return 0; }
HT_API void* ht_store_connect(const char*, int, int, int, int64_t) { return missing<void*>(nullptr); }
HT_API int ht_store_port(void*) { return missing(-1); }
HT_API void ht_store_free(void*) {}
HT_API int ht_store_set(void*, const char*, const uint8_t*, int64_t) { return missing(-1); }
HT_API int64_t ht_store_get(void*, const char*, int64_t, uint8_t*, int64_t) { return missing<int64_t>(-1); }
HT_API int ht_store_check(void*, const char*) { return missing(-1); }
HT_API int64_t ht_store_add(void*, const char*, int64_t, int64_t*) { return missing<int64_t>(-1); }
HT_API void* ht_group_new(void*, int, const char*, int, int, int64_t, int64_t, int64_t) { return missing<void*>(nullptr); }
HT_API void ht_group_free(void*) {}
HT_API int64_t ht_group_collectives_entered(void*) { return missing<int64_t>(-1); }
HT_API void* ht_group_allreduce(void*, th, int) { return missing<void*>(nullptr); }
HT_API void* ht_group_broadcast(void*, th, int) { return missing<void*>(nullptr); }
HT_API void* ht_group_allgather(void*, th, th) { return missing<void*>(nullptr); }
HT_API void* ht_group_barrier(void*) { return missing<void*>(nullptr); }
HT_API int ht_work_wait(void*) { return missing(-1); }
HT_API int ht_work_is_completed(void*) { return missing(-1); }
HT_API void ht_work_free(void*) {}
