// Tensor lifetime, metadata, creation from memory and readout.
#include <cstring>
#include "shim.h"

HT_API void ht_free(th h) { ht::ImplPtr::reclaim(static_cast<c10::TensorImpl*>(h)); }

HT_API th ht_alias(th h) {
  HT_TRY return ht::wrap(ht::T(h));
  HT_CATCH(nullptr)
}

HT_API int64_t ht_dim(th h) {
  HT_TRY return ht::T(h).dim();
  HT_CATCH(-1)
}

HT_API int ht_shape(th h, int64_t* out) {
  HT_TRY auto s = ht::T(h).sizes();
  std::memcpy(out, s.data(), s.size() * sizeof(int64_t));
  return 0;
  HT_CATCH(-1)
}

HT_API int ht_strides(th h, int64_t* out) {
  HT_TRY auto s = ht::T(h).strides();
  std::memcpy(out, s.data(), s.size() * sizeof(int64_t));
  return 0;
  HT_CATCH(-1)
}

HT_API int64_t ht_numel(th h) {
  HT_TRY return ht::T(h).numel();
  HT_CATCH(-1)
}

HT_API int ht_dtype(th h) {
  HT_TRY return static_cast<int>(ht::T(h).scalar_type());
  HT_CATCH(-1)
}

HT_API int ht_device(th h, int* type, int* index) {
  HT_TRY auto d = ht::T(h).device();
  *type = static_cast<int>(d.type());
  *index = d.has_index() ? d.index() : (d.is_cpu() ? -1 : 0);
  return 0;
  HT_CATCH(-1)
}

HT_API int ht_is_contiguous(th h) {
  HT_TRY return ht::T(h).is_contiguous() ? 1 : 0;
  HT_CATCH(-1)
}

HT_API int64_t ht_element_size(th h) {
  HT_TRY return static_cast<int64_t>(ht::T(h).element_size());
  HT_CATCH(-1)
}

// kind: 0 empty, 1 zeros, 2 ones, 3 full(value)
HT_API th ht_new_filled(int kind, const int64_t* shape, int64_t ndim, double value, int is_integral, int dtype,
                        int device_type, int device_index, int requires_grad) {
  HT_TRY auto opts = ht::options(dtype, device_type, device_index);
  auto s = ht::dims(shape, ndim);
  at::Tensor t;
  switch (kind) {
    case 0: t = at::empty(s, opts); break;
    case 1: t = at::zeros(s, opts); break;
    case 2: t = at::ones(s, opts); break;
    case 3: t = at::full(s, ht::scalar(value, is_integral), opts); break;
    default: throw std::invalid_argument("unknown fill kind " + std::to_string(kind));
  }
  if (requires_grad) t.requires_grad_(true);
  return ht::wrap(std::move(t));
  HT_CATCH(nullptr)
}

HT_API th ht_arange(double start, double end, double step, int dtype, int device_type, int device_index) {
  HT_TRY return ht::wrap(at::arange(start, end, step, ht::options(dtype, device_type, device_index)));
  HT_CATCH(nullptr)
}

HT_API th ht_linspace(double start, double end, int64_t steps, int dtype, int device_type, int device_index) {
  HT_TRY return ht::wrap(at::linspace(start, end, steps, ht::options(dtype, device_type, device_index)));
  HT_CATCH(nullptr)
}

HT_API th ht_eye(int64_t n, int64_t m, int dtype, int device_type, int device_index) {
  HT_TRY return ht::wrap(at::eye(n, m, ht::options(dtype, device_type, device_index)));
  HT_CATCH(nullptr)
}

// Copies nbytes from host memory into a new CPU tensor of the given shape and dtype.
HT_API th ht_from_data(const void* data, int64_t nbytes, const int64_t* shape, int64_t ndim, int dtype) {
  HT_TRY auto t = at::empty(ht::dims(shape, ndim), at::TensorOptions().dtype(ht::dtype(dtype)));
  int64_t expected = t.numel() * static_cast<int64_t>(t.element_size());
  if (expected != nbytes)
    throw std::invalid_argument("data holds " + std::to_string(nbytes) + " bytes but shape needs " +
                                std::to_string(expected));
  if (nbytes > 0) std::memcpy(t.data_ptr(), data, static_cast<size_t>(nbytes));
  return ht::wrap(std::move(t));
  HT_CATCH(nullptr)
}

// Copies the tensor's elements (any device, any layout) into host memory of exactly nbytes.
HT_API int ht_copy_to(th h, void* dst, int64_t nbytes) {
  HT_TRY auto t = ht::T(h).detach();
  if (!t.device().is_cpu()) t = t.to(at::kCPU);
  t = t.contiguous();
  int64_t have = t.numel() * static_cast<int64_t>(t.element_size());
  if (have != nbytes)
    throw std::invalid_argument("tensor holds " + std::to_string(have) + " bytes, buffer has " + std::to_string(nbytes));
  if (nbytes > 0) std::memcpy(dst, t.data_ptr(), static_cast<size_t>(nbytes));
  return 0;
  HT_CATCH(-1)
}

HT_API int ht_item_double(th h, double* out) {
  HT_TRY *out = ht::T(h).item<double>();
  return 0;
  HT_CATCH(-1)
}

HT_API int ht_item_long(th h, int64_t* out) {
  HT_TRY *out = ht::T(h).item<int64_t>();
  return 0;
  HT_CATCH(-1)
}

// dtype < 0 keeps the dtype; device_type < 0 keeps the device.
HT_API th ht_to(th h, int dtype, int device_type, int device_index, int non_blocking, int copy) {
  HT_TRY auto&& t = ht::T(h);
  auto dt = dtype < 0 ? t.scalar_type() : ht::dtype(dtype);
  auto dev = device_type < 0 ? t.device() : ht::device(device_type, device_index);
  return ht::wrap(t.to(dev, dt, non_blocking != 0, copy != 0));
  HT_CATCH(nullptr)
}
