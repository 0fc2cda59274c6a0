// Reductions (PyTorch docs: "Reduction Ops"). ndim < 0 reduces over every dimension.
#include <algorithm>
#include "shim.h"

namespace {

std::vector<int64_t> all_dims(const at::Tensor& x) {
  std::vector<int64_t> d(static_cast<size_t>(x.dim()));
  for (int64_t i = 0; i < x.dim(); ++i) d[static_cast<size_t>(i)] = i;
  return d;
}

}  // namespace

// op: 0 sum, 1 mean, 2 prod, 3 amax, 4 amin, 5 logsumexp, 6 all, 7 any, 8 nansum
HT_API th ht_reduce(int op, th h, const int64_t* dims, int64_t ndim, int keepdim, int dtype) {
  HT_TRY auto&& x = ht::T(h);
  bool all = ndim < 0;
  c10::optional<at::ScalarType> dt;
  if (dtype >= 0) dt = ht::dtype(dtype);
  std::vector<int64_t> every = all ? all_dims(x) : std::vector<int64_t>(dims, dims + ndim);
  at::IntArrayRef d(every);
  bool kd = keepdim != 0;
  switch (op) {
    case 0: return ht::wrap(all && !kd ? at::sum(x, dt) : at::sum(x, d, kd, dt));
    case 1: return ht::wrap(all && !kd ? at::mean(x, dt) : at::mean(x, d, kd, dt));
    case 2: {
      if (all && !kd) return ht::wrap(at::prod(x, dt));
      at::Tensor r = x;
      std::vector<int64_t> sorted(every.begin(), every.end());
      std::sort(sorted.rbegin(), sorted.rend());
      for (auto dim : sorted) r = at::prod(r, dim < 0 ? dim + x.dim() : dim, kd, dt);
      return ht::wrap(r);
    }
    case 3: return ht::wrap(at::amax(x, d, kd));
    case 4: return ht::wrap(at::amin(x, d, kd));
    case 5: {
      if (x.dim() == 0) return ht::wrap(x.clone());
      return ht::wrap(at::logsumexp(x, d, kd));
    }
    case 6:
    case 7: {
      if (all && !kd) return ht::wrap(op == 6 ? at::all(x) : at::any(x));
      at::Tensor r = x;
      std::vector<int64_t> norm;
      for (auto dim : every) norm.push_back(dim < 0 ? dim + x.dim() : dim);
      std::sort(norm.rbegin(), norm.rend());
      for (auto dim : norm) r = op == 6 ? at::all(r, dim, kd) : at::any(r, dim, kd);
      return ht::wrap(r);
    }
    case 8: return ht::wrap(at::nansum(x, d, kd, dt));
    default: throw std::invalid_argument("unknown reduction " + std::to_string(op));
  }
  HT_CATCH(nullptr)
}

// Variance or standard deviation with Bessel's correction (correction=1 is PyTorch's default).
HT_API th ht_var_std(int is_std, th h, const int64_t* dims, int64_t ndim, int64_t correction, int keepdim) {
  HT_TRY auto&& x = ht::T(h);
  c10::optional<at::IntArrayRef> d;
  if (ndim >= 0) d = ht::dims(dims, ndim);
  c10::optional<int64_t> corr = correction;
  return ht::wrap(is_std ? at::std(x, d, corr, keepdim != 0) : at::var(x, d, corr, keepdim != 0));
  HT_CATCH(nullptr)
}

// op: 0 max, 1 min along a dimension, giving values and indices.
HT_API int ht_minmax_dim(int op, th h, int64_t dim, int keepdim, th* values, th* indices) {
  HT_TRY auto r = op == 0 ? at::max(ht::T(h), dim, keepdim != 0) : at::min(ht::T(h), dim, keepdim != 0);
  *values = ht::wrap(std::get<0>(r));
  *indices = ht::wrap(std::get<1>(r));
  return 0;
  HT_CATCH(-1)
}

// op: 0 max, 1 min over every element.
HT_API th ht_minmax_all(int op, th h) {
  HT_TRY return ht::wrap(op == 0 ? at::max(ht::T(h)) : at::min(ht::T(h)));
  HT_CATCH(nullptr)
}

// op: 0 argmax, 1 argmin. has_dim = 0 flattens first, as PyTorch does.
HT_API th ht_argminmax(int op, th h, int64_t dim, int has_dim, int keepdim) {
  HT_TRY c10::optional<int64_t> d;
  if (has_dim) d = dim;
  return ht::wrap(op == 0 ? at::argmax(ht::T(h), d, keepdim != 0) : at::argmin(ht::T(h), d, keepdim != 0));
  HT_CATCH(nullptr)
}

HT_API th ht_norm(th h, double p, const int64_t* dims, int64_t ndim, int keepdim) {
  HT_TRY auto&& x = ht::T(h);
  if (ndim < 0) return ht::wrap(at::norm(x, p));
  return ht::wrap(at::norm(x, p, ht::dims(dims, ndim), keepdim != 0));
  HT_CATCH(nullptr)
}

HT_API th ht_cumsum(th h, int64_t dim) {
  HT_TRY return ht::wrap(at::cumsum(ht::T(h), dim));
  HT_CATCH(nullptr)
}
