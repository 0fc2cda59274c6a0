// BLAS and LAPACK-style products (PyTorch docs: "BLAS and LAPACK Operations").
#include "shim.h"
#include "small_batch_linear.h"

// op: 0 matmul, 1 mm, 2 bmm, 3 outer, 4 dot
HT_API th ht_blas(int op, th a, th b) {
  HT_TRY auto&& x = ht::T(a);
  auto&& y = ht::T(b);
  switch (op) {
    case 0: return ht::wrap(at::matmul(x, y));
    case 1: return ht::wrap(at::mm(x, y));
    case 2: return ht::wrap(at::bmm(x, y));
    case 3: return ht::wrap(at::outer(x, y));
    case 4: return ht::wrap(at::dot(x, y));
    default: throw std::invalid_argument("unknown BLAS op " + std::to_string(op));
  }
  HT_CATCH(nullptr)
}

// y = x W^T + b, the fused path nn.Linear takes; a few rows on the CPU (decoding) take the
// small-batch kernel.
HT_API th ht_linear(th x, th w, th b) {
  HT_TRY auto&& input = ht::T(x);
  auto&& weight = ht::T(w);
  auto bias = ht::opt(b);
  if (auto y = halos::small_batch_linear(input, weight, bias)) return ht::wrap(std::move(*y));
  return ht::wrap(at::linear(input, weight, bias));
  HT_CATCH(nullptr)
}
