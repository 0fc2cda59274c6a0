// Gloo, the CPU backend. Which network interface it listens on follows PyTorch: GLOO_SOCKET_IFNAME
// names one; otherwise a loopback store means a single-machine run (so loopback), and anything
// else uses the address this host's name resolves to.
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <cstdlib>
#include "distributed.h"

namespace {

bool is_loopback(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

std::shared_ptr<::gloo::transport::Device> device_for(const std::string& store_host) {
  if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname != nullptr && *ifname != '\0')
    return c10d::ProcessGroupGloo::createDeviceForInterface(ifname);
  if (is_loopback(store_host)) return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

}  // namespace

namespace ht::dist {

std::unique_ptr<Collectives> make_gloo(const StoreHandle& store, int rank, int world, Millis timeout) {
  auto options = c10d::ProcessGroupGloo::Options::create(timeout);
  options->devices.push_back(device_for(store.host));
  auto group = c10::make_intrusive<c10d::ProcessGroupGloo>(store.store, rank, world, options);
  return std::make_unique<CollectivesOver<c10d::ProcessGroupGloo>>(std::move(group), /*average=*/false);
}

}  // namespace ht::dist
