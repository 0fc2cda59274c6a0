// Shared plumbing for the shim's translation units: the error slot, the try/catch guard,
// and handle conversions. Nothing here is exported.
#pragma once
#include <ATen/ATen.h>
#include <string>
#include <vector>
#include "halos_torch.h"

namespace ht {

void set_error(const char* message);

// A handle is a c10::TensorImpl* that owns one reference (what at::Tensor holds inside), so
// crossing the boundary costs no allocation. Borrowed views a handle as an at::Tensor for the
// length of a call without touching the reference count.
using ImplPtr = c10::intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl>;

class Borrowed : public at::Tensor {
 public:
  explicit Borrowed(th h) : at::Tensor(ImplPtr::reclaim(static_cast<c10::TensorImpl*>(h))) {}
  ~Borrowed() { (void)unsafeReleaseTensorImpl(); }
  Borrowed(const Borrowed&) = delete;
  Borrowed& operator=(const Borrowed&) = delete;
};

// T returns a const prvalue on purpose: a non-const one would bind to at::Tensor&& and be
// moved from, stealing the managed side's reference. ATen's in-place methods are const anyway.
inline const Borrowed T(th h) {
  if (h == nullptr) throw std::invalid_argument("tensor handle is null (disposed tensor?)");
  return Borrowed(h);
}

// Optional tensor arguments arrive as NULL.
inline c10::optional<at::Tensor> opt(th h) {
  if (h == nullptr) return c10::nullopt;
  const Borrowed b(h);
  return at::Tensor(static_cast<const at::Tensor&>(b));
}

// Hands one reference to the managed side.
inline th wrap(at::Tensor t) { return t.unsafeReleaseTensorImpl(); }

inline at::IntArrayRef dims(const int64_t* p, int64_t n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }

inline std::vector<at::Tensor> tensors(const th* hs, int64_t n) {
  std::vector<at::Tensor> out;
  out.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) out.push_back(T(hs[i]));
  return out;
}

inline at::ScalarType dtype(int code) { return static_cast<at::ScalarType>(code); }

inline at::Device device(int type, int index) {
  return at::Device(static_cast<c10::DeviceType>(type), static_cast<c10::DeviceIndex>(index));
}

inline at::TensorOptions options(int dtype_code, int device_type, int device_index) {
  return at::TensorOptions().dtype(dtype(dtype_code)).device(device(device_type, device_index));
}

// An integer-valued scalar stays integral, so int64 tensors keep their dtype as in Python.
inline at::Scalar scalar(double v, int is_integral) {
  if (is_integral) return at::Scalar(static_cast<int64_t>(v));
  return at::Scalar(v);
}

// Writes multiple results into a caller-provided array of handles.
inline int64_t write_out(std::vector<at::Tensor>&& ts, th* out, int64_t capacity) {
  if (static_cast<int64_t>(ts.size()) > capacity)
    throw std::out_of_range("result count " + std::to_string(ts.size()) + " exceeds capacity " + std::to_string(capacity));
  for (size_t i = 0; i < ts.size(); ++i) out[i] = wrap(std::move(ts[i]));
  return static_cast<int64_t>(ts.size());
}

}  // namespace ht

#define HT_TRY try {
#define HT_CATCH(ret)                                              \
  }                                                                \
  catch (const c10::Error& e) {                                    \
    ht::set_error(e.what_without_backtrace());                     \
    return ret;                                                    \
  }                                                                \
  catch (const std::exception& e) {                                \
    ht::set_error(e.what());                                       \
    return ret;                                                    \
  }                                                                \
  catch (...) {                                                    \
    ht::set_error("unknown C++ exception");                        \
    return ret;                                                    \
  }
