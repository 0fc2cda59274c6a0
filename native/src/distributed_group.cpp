// Process groups over the rendezvous store, their collectives, and the pending-collective handle.
// Every collective is asynchronous (it returns a work handle) so that the managed side can start
// several buckets before waiting on the first; every wait has a deadline, so a dead peer is an
// error, never a hang.
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include "distributed.h"

using namespace ht::dist;

namespace {

GroupHandle* G(void* h) {
  if (h == nullptr) throw std::invalid_argument("process group handle is null (disposed group?)");
  return static_cast<GroupHandle*>(h);
}

WorkHandle* W(void* h) {
  if (h == nullptr) throw std::invalid_argument("work handle is null (already waited on?)");
  return static_cast<WorkHandle*>(h);
}

// Collectives run on the backend's own threads and read the tensor's memory directly: it must be
// dense, and on the group's device kind.
void check_tensor(const at::Tensor& t, const char* op) {
  TORCH_CHECK(t.defined(), op, ": the tensor is undefined");
  TORCH_CHECK(t.is_contiguous(), op, ": the tensor must be contiguous (call .contiguous() first); its strides are ", t.strides());
}

WorkHandle* pending(GroupHandle* g, c10::intrusive_ptr<c10d::Work> work, const char* op, int64_t sequence) {
  auto* w = new WorkHandle();
  w->work = std::move(work);
  w->what = std::string(op) + " #" + std::to_string(sequence);
  w->timeout = g->timeout;
  return w;
}

int64_t enter(GroupHandle* g) { return ++g->entered; }

}  // namespace

namespace ht::dist {

Heartbeat::Heartbeat(const StoreHandle& store, std::string key, Millis interval, const std::atomic<int64_t>& collectives)
    : key_(std::move(key)), interval_(interval), collectives_(collectives) {
  c10d::TCPStoreOptions o;
  o.port = static_cast<std::uint16_t>(store.port);
  o.isServer = false;
  o.waitWorkers = false;
  o.timeout = store.timeout;
  store_ = c10::make_intrusive<c10d::TCPStore>(store.host, o);
  thread_ = std::thread([this] { run(); });
}

Heartbeat::~Heartbeat() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Heartbeat::run() {
  int64_t beats = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    lock.unlock();
    try {
      auto text = std::to_string(++beats) + " " + std::to_string(collectives_.load());
      store_->set(key_, std::vector<uint8_t>(text.begin(), text.end()));
    } catch (...) {
      // The store host (rank 0) has gone: nobody can read beats any more, and the collectives
      // themselves report the failure.
      return;
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

}  // namespace ht::dist

// backend: 0 = Gloo (CPU tensors), 1 = NCCL (CUDA tensors; only where ht_distributed_nccl_available).
// name keeps the keys of several groups on one store apart. rendezvous_ms bounds the forming of
// the group (ranks may start far apart); timeout_ms bounds each collective. heartbeat_ms = 0
// disables the beat.
HT_API void* ht_group_new(void* store, int backend, const char* name, int rank, int world, int64_t rendezvous_ms,
                          int64_t timeout_ms, int64_t heartbeat_ms) {
  HT_TRY
  if (store == nullptr) throw std::invalid_argument("store handle is null (disposed store?)");
  TORCH_CHECK(world >= 1, "world size must be at least 1, got ", world);
  TORCH_CHECK(rank >= 0 && rank < world, "rank ", rank, " is outside 0..", world - 1);
  TORCH_CHECK(timeout_ms > 0 && rendezvous_ms > 0, "timeouts must be positive, got ", rendezvous_ms, " and ", timeout_ms, " ms");
  const auto& s = *static_cast<StoreHandle*>(store);
  const std::string prefix = std::string("halos/pg/") + name + "/";
  StoreHandle scoped{c10::make_intrusive<c10d::PrefixStore>(prefix, s.store), s.host, s.port, s.timeout};
  auto g = std::make_unique<GroupHandle>();
  g->rank = rank;
  g->world = world;
  g->timeout = Millis(timeout_ms);
  if (heartbeat_ms > 0) {
    g->heartbeat = std::make_unique<Heartbeat>(s, prefix + "heartbeat/" + std::to_string(rank), Millis(heartbeat_ms), g->entered);
  }
  if (backend == 0) {
    g->backend = "gloo";
    g->collectives = make_gloo(scoped, rank, world, Millis(rendezvous_ms));
  } else if (backend == 1) {
#ifdef HALOS_WITH_NCCL
    g->backend = "nccl";
    g->collectives = make_nccl(scoped, rank, world, Millis(rendezvous_ms));
#else
    throw std::runtime_error(
        "NCCL is not compiled into this libhalos_torch: build native/ against a CUDA libtorch with NCCL "
        "(LIBTORCH_DIR=...) to use process groups on CUDA devices");
#endif
  } else {
    throw std::invalid_argument("unknown backend code " + std::to_string(backend) + "; expected 0 (gloo) or 1 (nccl)");
  }
  return g.release();
  HT_CATCH(nullptr)
}

HT_API void ht_group_free(void* h) { delete static_cast<GroupHandle*>(h); }

HT_API int64_t ht_group_collectives_entered(void* h) {
  HT_TRY return G(h)->entered.load();
  HT_CATCH(-1)
}

// op: 0 sum, 1 average, 2 max, 3 min, 4 product.
HT_API void* ht_group_allreduce(void* h, th tensor, int op) {
  HT_TRY auto* g = G(h);
  at::Tensor t = ht::T(tensor);
  check_tensor(t, "allreduce");
  c10d::AllreduceOptions o;
  o.timeout = g->timeout;
  bool divide = false;
  switch (op) {
    case 0: o.reduceOp = c10d::ReduceOp::SUM; break;
    case 1:
      if (g->collectives->supports_average()) {
        o.reduceOp = c10d::ReduceOp::AVG;
      } else {
        o.reduceOp = c10d::ReduceOp::SUM;
        divide = true;
      }
      break;
    case 2: o.reduceOp = c10d::ReduceOp::MAX; break;
    case 3: o.reduceOp = c10d::ReduceOp::MIN; break;
    case 4: o.reduceOp = c10d::ReduceOp::PRODUCT; break;
    default: throw std::invalid_argument("unknown reduce op code " + std::to_string(op));
  }
  if (divide) TORCH_CHECK(t.is_floating_point(), "allreduce: an average needs a floating-point tensor, got ", t.scalar_type());
  std::vector<at::Tensor> ts{t};
  auto seq = enter(g);
  auto* w = pending(g, g->collectives->allreduce(ts, o), "allreduce", seq);
  if (divide) {
    w->divide = t;
    w->divisor = g->world;
  }
  return w;
  HT_CATCH(nullptr)
}

HT_API void* ht_group_broadcast(void* h, th tensor, int root) {
  HT_TRY auto* g = G(h);
  at::Tensor t = ht::T(tensor);
  check_tensor(t, "broadcast");
  TORCH_CHECK(root >= 0 && root < g->world, "broadcast: root rank ", root, " is outside 0..", g->world - 1);
  c10d::BroadcastOptions o;
  o.rootRank = root;
  o.rootTensor = 0;
  o.timeout = g->timeout;
  std::vector<at::Tensor> ts{t};
  auto seq = enter(g);
  return pending(g, g->collectives->broadcast(ts, o), "broadcast", seq);
  HT_CATCH(nullptr)
}

// output has shape [world, *input.shape]; row r receives rank r's input.
HT_API void* ht_group_allgather(void* h, th input, th output) {
  HT_TRY auto* g = G(h);
  at::Tensor in = ht::T(input);
  at::Tensor out = ht::T(output);
  check_tensor(in, "all_gather");
  check_tensor(out, "all_gather");
  std::vector<int64_t> expected{g->world};
  expected.insert(expected.end(), in.sizes().begin(), in.sizes().end());
  TORCH_CHECK(out.sizes().vec() == expected, "all_gather: the output must have shape ", at::IntArrayRef(expected), ", got ",
              out.sizes());
  TORCH_CHECK(out.scalar_type() == in.scalar_type(), "all_gather: output dtype ", out.scalar_type(), " differs from input dtype ",
              in.scalar_type());
  c10d::AllgatherOptions o;
  o.timeout = g->timeout;
  std::vector<at::Tensor> ins{in};
  std::vector<std::vector<at::Tensor>> outs{out.unbind(0)};
  auto seq = enter(g);
  return pending(g, g->collectives->allgather(outs, ins, o), "all_gather", seq);
  HT_CATCH(nullptr)
}

HT_API void* ht_group_barrier(void* h) {
  HT_TRY auto* g = G(h);
  c10d::BarrierOptions o;
  o.timeout = g->timeout;
  auto seq = enter(g);
  return pending(g, g->collectives->barrier(o), "barrier", seq);
  HT_CATCH(nullptr)
}

// Waits for the collective (at most its group's timeout). 0 when it completed; -1 with the
// backend's message when it failed or the deadline passed. The handle stays valid either way.
HT_API int ht_work_wait(void* h) {
  HT_TRY auto* w = W(h);
  try {
    w->work->wait(w->timeout);
  } catch (const c10::Error& e) {
    throw std::runtime_error(w->what + " failed: " + e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw std::runtime_error(w->what + " failed: " + e.what());
  }
  if (w->divide) {
    w->divide->div_(w->divisor);
    w->divide.reset();
  }
  return 0;
  HT_CATCH(-1)
}

HT_API int ht_work_is_completed(void* h) {
  HT_TRY return W(h)->work->isCompleted() ? 1 : 0;
  HT_CATCH(-1)
}

HT_API void ht_work_free(void* h) { delete static_cast<WorkHandle*>(h); }
