// Where a step's time goes, from libtorch's own instrumentation: every dispatched op, autograd node and
// user scope opens a RecordFunction, the events torch.profiler is built on. A global observer (so
// autograd's device threads are seen too) keeps a per-thread stack of open events and adds, per
// (enclosing halos:: scope, event name), the call count, the time inside the event (total), the time
// not spent in nested events (self) and, for the matrix products, their FLOPs from the input shapes.
// Self times partition the time spent inside libtorch; what is left of the wall time was spent
// outside it (managed code, marshalling).
#include <ATen/record_function.h>
#include <chrono>
#include <map>
#include <mutex>
#include <sstream>
#include <tuple>
#include "shim.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Totals {
  int64_t calls = 0;
  int64_t self_ns = 0;
  int64_t total_ns = 0;
  double flops = 0;
};

struct Frame : at::ObserverContext {
  Clock::time_point start;
  int64_t child_ns = 0;
  double flops = 0;
  Frame* parent = nullptr;
  std::string scope;  // the innermost enclosing (or own) halos:: scope; "" outside every one
};

std::mutex table_mutex;
std::map<std::pair<std::string, std::string>, Totals> table;  // (scope, name) -> totals
int64_t top_level_ns = 0;                                      // inclusive time of events with no parent
at::CallbackHandle handle = 0;
thread_local Frame* innermost = nullptr;

// 2·M·K·N for one product (per batch for bmm): the multiply-adds, as torch.profiler counts them.
double matmul_flops(const std::string& name, c10::ArrayRef<const c10::IValue> in) {
  auto mk_kn = [&](size_t a, size_t b) -> double {
    if (in.size() <= b || !in[a].isTensor() || !in[b].isTensor()) return 0;
    const auto& x = in[a].toTensor();
    const auto& y = in[b].toTensor();
    if (x.dim() < 2 || y.dim() < 2) return 0;
    const double batch = x.dim() == 3 ? static_cast<double>(x.size(0)) : 1.0;
    return 2.0 * batch * static_cast<double>(x.size(-2)) * static_cast<double>(x.size(-1)) * static_cast<double>(y.size(-1));
  };
  if (name == "aten::mm" || name == "aten::bmm") return mk_kn(0, 1);
  if (name == "aten::addmm" || name == "aten::addmm_" || name == "aten::baddbmm" || name == "aten::baddbmm_") return mk_kn(1, 2);
  return 0;
}

std::unique_ptr<at::ObserverContext> on_start(const at::RecordFunction& fn) {
  auto frame = std::make_unique<Frame>();
  const std::string name = fn.name();
  frame->parent = innermost;
  if (name.rfind("halos::", 0) == 0)
    frame->scope = name;
  else if (innermost != nullptr)
    frame->scope = innermost->scope;
  if (fn.needsInputs()) frame->flops = matmul_flops(name, fn.inputs());
  innermost = frame.get();
  frame->start = Clock::now();
  return frame;
}

void on_end(const at::RecordFunction& fn, at::ObserverContext* context) {
  const auto end = Clock::now();
  auto* frame = static_cast<Frame*>(context);
  if (frame == nullptr) return;
  const int64_t elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(end - frame->start).count();
  // Events close in the order they opened on a thread; the stack is restored to this event's parent.
  innermost = frame->parent;
  if (frame->parent != nullptr) frame->parent->child_ns += elapsed;
  std::lock_guard<std::mutex> lock(table_mutex);
  auto& t = table[{frame->scope, fn.name()}];
  t.calls += 1;
  t.total_ns += elapsed;
  t.self_ns += elapsed - frame->child_ns;
  t.flops += frame->flops;
  if (frame->parent == nullptr) top_level_ns += elapsed;
}

std::string report_text;

}  // namespace

// Starts recording (clearing what an earlier recording added up). -1 when one is already running.
HT_API int ht_op_profiler_start() {
  HT_TRY if (handle != 0) throw std::logic_error("the op profiler is already recording");
  {
    std::lock_guard<std::mutex> lock(table_mutex);
    table.clear();
    top_level_ns = 0;
  }
  handle = at::addGlobalCallback(at::RecordFunctionCallback(on_start, on_end)
                                     .needsInputs(true)
                                     .scopes({at::RecordScope::FUNCTION, at::RecordScope::BACKWARD_FUNCTION,
                                              at::RecordScope::USER_SCOPE}));
  return 0;
  HT_CATCH(-1)
}

HT_API int ht_op_profiler_stop() {
  HT_TRY if (handle == 0) throw std::logic_error("the op profiler is not recording");
  at::removeCallback(handle);
  handle = 0;
  return 0;
  HT_CATCH(-1)
}

// The totals as text, one event per line: scope \t name \t calls \t self ns \t total ns \t flops; the first
// line is "\t(top level)\t0\t0\t<ns inside libtorch>\t0". Valid until the next call; NULL on error.
HT_API const char* ht_op_profiler_report() {
  HT_TRY std::ostringstream out;
  std::lock_guard<std::mutex> lock(table_mutex);
  out << "\t(top level)\t0\t0\t" << top_level_ns << "\t0\n";
  for (const auto& [key, t] : table)
    out << key.first << '\t' << key.second << '\t' << t.calls << '\t' << t.self_ns << '\t' << t.total_ns << '\t'
        << static_cast<int64_t>(t.flops) << '\n';
  report_text = out.str();
  return report_text.c_str();
  HT_CATCH(nullptr)
}

// A named range (torch.profiler.record_function): ops inside it are attributed to it while recording.
// Returns the open range for ht_record_scope_exit; NULL on error.
HT_API void* ht_record_scope_enter(const char* name) {
  HT_TRY auto* range = new at::RecordFunction(at::RecordScope::USER_SCOPE);
  if (range->isActive()) range->before(std::string(name));
  return range;
  HT_CATCH(nullptr)
}

HT_API int ht_record_scope_exit(void* range) {
  HT_TRY auto* r = static_cast<at::RecordFunction*>(range);
  if (r == nullptr) throw std::invalid_argument("record scope is null");
  r->end();
  delete r;
  return 0;
  HT_CATCH(-1)
}
