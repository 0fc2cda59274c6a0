// Random sampling and ordering (PyTorch docs: "Random sampling", "Sorting").
#include "shim.h"

// kind: 0 rand (uniform [0,1)), 1 randn
HT_API th ht_random(int kind, const int64_t* shape, int64_t ndim, int dtype, int device_type, int device_index,
                    int requires_grad) {
  HT_TRY auto opts = ht::options(dtype, device_type, device_index);
  auto t = kind == 0 ? at::rand(ht::dims(shape, ndim), opts) : at::randn(ht::dims(shape, ndim), opts);
  if (requires_grad) t.requires_grad_(true);
  return ht::wrap(std::move(t));
  HT_CATCH(nullptr)
}

HT_API th ht_randint(int64_t low, int64_t high, const int64_t* shape, int64_t ndim, int dtype, int device_type,
                     int device_index) {
  HT_TRY return ht::wrap(at::randint(low, high, ht::dims(shape, ndim), ht::options(dtype, device_type, device_index)));
  HT_CATCH(nullptr)
}

HT_API th ht_randperm(int64_t n, int dtype, int device_type, int device_index) {
  HT_TRY return ht::wrap(at::randperm(n, ht::options(dtype, device_type, device_index)));
  HT_CATCH(nullptr)
}

// In place: 0 uniform_(a, b), 1 normal_(mean=a, std=b), 2 bernoulli_(p=a)
HT_API int ht_fill_random_(int kind, th h, double a, double b) {
  HT_TRY auto&& t = ht::T(h);
  switch (kind) {
    case 0: t.uniform_(a, b); break;
    case 1: t.normal_(a, b); break;
    case 2: t.bernoulli_(a); break;
    default: throw std::invalid_argument("unknown random fill " + std::to_string(kind));
  }
  return 0;
  HT_CATCH(-1)
}

HT_API th ht_multinomial(th probs, int64_t num_samples, int replacement) {
  HT_TRY return ht::wrap(at::multinomial(ht::T(probs), num_samples, replacement != 0));
  HT_CATCH(nullptr)
}

HT_API int ht_topk(th h, int64_t k, int64_t dim, int largest, int sorted, th* values, th* indices) {
  HT_TRY auto r = at::topk(ht::T(h), k, dim, largest != 0, sorted != 0);
  *values = ht::wrap(std::get<0>(r));
  *indices = ht::wrap(std::get<1>(r));
  return 0;
  HT_CATCH(-1)
}

HT_API int ht_sort(th h, int64_t dim, int descending, int stable, th* values, th* indices) {
  HT_TRY auto r = at::sort(ht::T(h), stable != 0, dim, descending != 0);
  *values = ht::wrap(std::get<0>(r));
  *indices = ht::wrap(std::get<1>(r));
  return 0;
  HT_CATCH(-1)
}
