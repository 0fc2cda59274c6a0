// The rendezvous store (c10d::TCPStore): rank 0 hosts it at MASTER_ADDR:MASTER_PORT, every rank
// connects to it, and process groups exchange their addresses through it.
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include "distributed.h"

using ht::dist::Millis;
using ht::dist::StoreHandle;

namespace {
StoreHandle* S(void* h) {
  if (h == nullptr) throw std::invalid_argument("store handle is null (disposed store?)");
  return static_cast<StoreHandle*>(h);
}
}  // namespace

HT_API int ht_distributed_available() { return 1; }

HT_API int ht_distributed_nccl_available() {
#ifdef HALOS_WITH_NCCL
  return 1;
#else
  return 0;
#endif
}

// is_server: host the store on this process (rank 0). port 0 with is_server picks a free port.
// world > 0 makes the host wait until that many ranks (itself included) have connected.
HT_API void* ht_store_connect(const char* host, int port, int is_server, int world, int64_t timeout_ms) {
  HT_TRY
  if (port < 0 || port > 65535) throw std::invalid_argument("port " + std::to_string(port) + " is outside 0..65535");
  c10d::TCPStoreOptions o;
  o.port = static_cast<std::uint16_t>(port);
  o.isServer = is_server != 0;
  // With numWorkers and waitWorkers, every process adds itself to the count of connected ranks
  // and the host waits for the count to reach the world size. world = 0 connects without counting
  // (a second connection of a rank already counted, such as its heartbeat's).
  if (world > 0) o.numWorkers = static_cast<std::size_t>(world);
  o.waitWorkers = world > 0;
  o.timeout = Millis(timeout_ms);
  auto store = c10::make_intrusive<c10d::TCPStore>(host, o);
  int actual = store->getPort();
  return new StoreHandle{store, host, actual, Millis(timeout_ms)};
  HT_CATCH(nullptr)
}

HT_API int ht_store_port(void* h) {
  HT_TRY return S(h)->port;
  HT_CATCH(-1)
}

HT_API void ht_store_free(void* h) { delete static_cast<StoreHandle*>(h); }

HT_API int ht_store_set(void* h, const char* key, const uint8_t* value, int64_t length) {
  HT_TRY S(h)->store->set(key, std::vector<uint8_t>(value, value + length));
  return 0;
  HT_CATCH(-1)
}

// Waits up to timeout_ms for the key, then copies at most capacity bytes. Returns the value's full
// length (which may exceed capacity: call again with a larger buffer), or -1.
HT_API int64_t ht_store_get(void* h, const char* key, int64_t timeout_ms, uint8_t* out, int64_t capacity) {
  HT_TRY auto* s = S(h);
  s->store->wait({key}, Millis(timeout_ms));
  auto value = s->store->get(key);
  auto n = static_cast<int64_t>(value.size());
  std::copy_n(value.begin(), std::min(n, capacity), out);
  return n;
  HT_CATCH(-1)
}

// 1 when the key exists, 0 when not, -1 on failure (the store is unreachable).
HT_API int ht_store_check(void* h, const char* key) {
  HT_TRY return S(h)->store->check({key}) ? 1 : 0;
  HT_CATCH(-1)
}

HT_API int64_t ht_store_add(void* h, const char* key, int64_t delta, int64_t* result) {
  HT_TRY *result = S(h)->store->add(key, delta);
  return 0;
  HT_CATCH(-1)
}
