// Internal to the c10d binding (distributed_*.cpp): the handles the managed side holds for a
// rendezvous store, a process group and a pending collective. Compiled only when CMake found
// Gloo (HALOS_WITH_GLOO); otherwise distributed_unavailable.cpp exports the same functions as
// failures that say why.
#pragma once
#include <torch/csrc/distributed/c10d/Store.hpp>
#include <torch/csrc/distributed/c10d/Types.hpp>
#include <torch/csrc/distributed/c10d/Work.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include "shim.h"

namespace ht::dist {

using Millis = std::chrono::milliseconds;

struct StoreHandle {
  c10::intrusive_ptr<c10d::Store> store;
  std::string host;
  int port;
  Millis timeout;
};

// The collectives a group needs, whatever the backend class: ProcessGroupGloo derives from
// ProcessGroup in libtorch 1.13 and from Backend in 2.x, with the same method signatures, so a
// template adapts either without naming the base.
class Collectives {
 public:
  virtual ~Collectives() = default;
  virtual c10::intrusive_ptr<c10d::Work> allreduce(std::vector<at::Tensor>& ts, const c10d::AllreduceOptions& o) = 0;
  virtual c10::intrusive_ptr<c10d::Work> broadcast(std::vector<at::Tensor>& ts, const c10d::BroadcastOptions& o) = 0;
  virtual c10::intrusive_ptr<c10d::Work> allgather(std::vector<std::vector<at::Tensor>>& out, std::vector<at::Tensor>& in,
                                                   const c10d::AllgatherOptions& o) = 0;
  virtual c10::intrusive_ptr<c10d::Work> barrier(const c10d::BarrierOptions& o) = 0;
  // Gloo has no AVG reduction; NCCL does. Without it, average = sum, then divide.
  virtual bool supports_average() const = 0;
};

template <class Backend>
class CollectivesOver final : public Collectives {
 public:
  CollectivesOver(c10::intrusive_ptr<Backend> backend, bool average) : backend_(std::move(backend)), average_(average) {}
  c10::intrusive_ptr<c10d::Work> allreduce(std::vector<at::Tensor>& ts, const c10d::AllreduceOptions& o) override {
    return backend_->allreduce(ts, o);
  }
  c10::intrusive_ptr<c10d::Work> broadcast(std::vector<at::Tensor>& ts, const c10d::BroadcastOptions& o) override {
    return backend_->broadcast(ts, o);
  }
  c10::intrusive_ptr<c10d::Work> allgather(std::vector<std::vector<at::Tensor>>& out, std::vector<at::Tensor>& in,
                                           const c10d::AllgatherOptions& o) override {
    return backend_->allgather(out, in, o);
  }
  c10::intrusive_ptr<c10d::Work> barrier(const c10d::BarrierOptions& o) override { return backend_->barrier(o); }
  bool supports_average() const override { return average_; }

 private:
  c10::intrusive_ptr<Backend> backend_;
  bool average_;
};

// Publishes "<beats> <collectives entered>" under halos/pg/<group>/heartbeat/<rank> every interval, on its
// own store connection, so that a rank whose collective failed can tell a dead peer (its count
// stops) from a live one that is elsewhere in the program (its collective count differs).
class Heartbeat {
 public:
  Heartbeat(const StoreHandle& store, std::string key, Millis interval, const std::atomic<int64_t>& collectives);
  ~Heartbeat();

 private:
  void run();
  c10::intrusive_ptr<c10d::Store> store_;
  std::string key_;
  Millis interval_;
  const std::atomic<int64_t>& collectives_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

struct GroupHandle {
  std::unique_ptr<Collectives> collectives;
  int rank;
  int world;
  Millis timeout;
  std::string backend;
  std::atomic<int64_t> entered{0};
  std::unique_ptr<Heartbeat> heartbeat;  // last: it reads `entered`, so it stops first
};

struct WorkHandle {
  c10::intrusive_ptr<c10d::Work> work;
  std::string what;  // "allreduce #12", for the error message
  Millis timeout;
  // Set for an average on a backend without AVG: divide by world size after the sum lands.
  c10::optional<at::Tensor> divide;
  int64_t divisor = 1;
};

// timeout bounds the rendezvous (and is the backend's default); each collective passes its own.
std::unique_ptr<Collectives> make_gloo(const StoreHandle& store, int rank, int world, Millis timeout);
#ifdef HALOS_WITH_NCCL
std::unique_ptr<Collectives> make_nccl(const StoreHandle& store, int rank, int world, Millis timeout);
#endif

}  // namespace ht::dist
