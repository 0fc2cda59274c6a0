// Pointwise ops (PyTorch docs: "Pointwise Ops", "Comparison Ops"), dispatched by op code.
// The codes mirror Halos.Torch's UnaryOp / BinaryOp enums.
#include <cmath>
#include "shim.h"

namespace {

at::Tensor unary(int op, const at::Tensor& x) {
  switch (op) {
    case 0: return at::neg(x);
    case 1: return at::exp(x);
    case 2: return at::log(x);
    case 3: return at::sqrt(x);
    case 4: return at::rsqrt(x);
    case 5: return at::abs(x);
    case 6: return at::sigmoid(x);
    case 7: return at::log_sigmoid(x);
    case 8: return at::relu(x);
    case 9: return at::gelu(x);
    case 10: return at::gelu(x, "tanh");
    case 11: return at::silu(x);
    case 12: return at::tanh(x);
    case 13: return at::softplus(x);
    case 14: return at::logical_not(x);
    case 15: return x.contiguous();
    case 16: return x.detach();
    case 17: return x.clone();
    case 18: return at::sin(x);
    case 19: return at::cos(x);
    case 20: return at::log1p(x);
    case 21: return at::expm1(x);
    case 22: return at::floor(x);
    case 23: return at::ceil(x);
    case 24: return at::round(x);
    case 25: return at::sign(x);
    case 26: return at::square(x);
    case 27: return at::reciprocal(x);
    case 28: return at::isnan(x);
    case 29: return at::isinf(x);
    case 30: return at::isfinite(x);
    case 31: return at::erf(x);
    case 32: return x.t();
    case 33: return at::bitwise_not(x);
    case 34: return at::log2(x);
    case 35: return at::trunc(x);
    case 36: return at::zeros_like(x);
    case 37: return at::ones_like(x);
    case 38: return at::randn_like(x);
    case 39: return at::rand_like(x);
    case 40: return at::empty_like(x);
    default: throw std::invalid_argument("unknown unary op " + std::to_string(op));
  }
}

at::Tensor binary(int op, const at::Tensor& a, const at::Tensor& b) {
  switch (op) {
    case 0: return at::add(a, b);
    case 1: return at::sub(a, b);
    case 2: return at::mul(a, b);
    case 3: return at::div(a, b);
    case 4: return at::pow(a, b);
    case 5: return at::minimum(a, b);
    case 6: return at::maximum(a, b);
    case 7: return at::eq(a, b);
    case 8: return at::ne(a, b);
    case 9: return at::lt(a, b);
    case 10: return at::le(a, b);
    case 11: return at::gt(a, b);
    case 12: return at::ge(a, b);
    case 13: return at::logical_and(a, b);
    case 14: return at::logical_or(a, b);
    case 15: return at::logical_xor(a, b);
    case 16: return at::remainder(a, b);
    case 17: return at::floor_divide(a, b);
    case 18: return at::bitwise_and(a, b);
    case 19: return at::bitwise_or(a, b);
    case 20: return at::bitwise_xor(a, b);
    case 21: return at::atan2(a, b);
    case 22: return at::fmod(a, b);
    default: throw std::invalid_argument("unknown binary op " + std::to_string(op));
  }
}

// Scalar on the right, or (codes >= 100) on the left.
at::Tensor binary_scalar(int op, const at::Tensor& a, const at::Scalar& s) {
  switch (op) {
    case 0: return at::add(a, s);
    case 1: return at::sub(a, s);
    case 2: return at::mul(a, s);
    case 3: return at::div(a, s);
    case 4: return at::pow(a, s);
    case 5: return at::clamp_min(a, s);
    case 6: return at::clamp_max(a, s);
    case 7: return at::eq(a, s);
    case 8: return at::ne(a, s);
    case 9: return at::lt(a, s);
    case 10: return at::le(a, s);
    case 11: return at::gt(a, s);
    case 12: return at::ge(a, s);
    case 16: return at::remainder(a, s);
    case 17: return at::floor_divide(a, s);
    case 22: return at::fmod(a, s);
    case 100: return at::rsub(a, s);
    case 101: return at::mul(at::reciprocal(a), s);
    case 102: return at::pow(s, a);
    default: throw std::invalid_argument("unknown scalar op " + std::to_string(op));
  }
}

}  // namespace

HT_API th ht_unary(int op, th x) {
  HT_TRY return ht::wrap(unary(op, ht::T(x)));
  HT_CATCH(nullptr)
}

HT_API th ht_binary(int op, th a, th b) {
  HT_TRY return ht::wrap(binary(op, ht::T(a), ht::T(b)));
  HT_CATCH(nullptr)
}

HT_API th ht_binary_scalar(int op, th a, double s, int is_integral) {
  HT_TRY return ht::wrap(binary_scalar(op, ht::T(a), ht::scalar(s, is_integral)));
  HT_CATCH(nullptr)
}

// In-place: 0 add_, 1 sub_, 2 mul_, 3 div_, 4 pow_, 200 copy_
HT_API int ht_inplace_binary(int op, th a, th b) {
  HT_TRY auto&& x = ht::T(a);
  auto&& y = ht::T(b);
  switch (op) {
    case 0: x.add_(y); break;
    case 1: x.sub_(y); break;
    case 2: x.mul_(y); break;
    case 3: x.div_(y); break;
    case 4: x.pow_(y); break;
    case 200: x.copy_(y); break;
    default: throw std::invalid_argument("unknown in-place op " + std::to_string(op));
  }
  return 0;
  HT_CATCH(-1)
}

// In-place with a scalar: 0 add_, 1 sub_, 2 mul_, 3 div_, 4 pow_, 5 clamp_min_, 6 clamp_max_, 201 fill_
HT_API int ht_inplace_scalar(int op, th a, double s, int is_integral) {
  HT_TRY auto&& x = ht::T(a);
  auto v = ht::scalar(s, is_integral);
  switch (op) {
    case 0: x.add_(v); break;
    case 1: x.sub_(v); break;
    case 2: x.mul_(v); break;
    case 3: x.div_(v); break;
    case 4: x.pow_(v); break;
    case 5: x.clamp_min_(v); break;
    case 6: x.clamp_max_(v); break;
    case 201: x.fill_(v); break;
    default: throw std::invalid_argument("unknown in-place scalar op " + std::to_string(op));
  }
  return 0;
  HT_CATCH(-1)
}

HT_API int ht_zero_(th a) {
  HT_TRY ht::T(a).zero_();
  return 0;
  HT_CATCH(-1)
}

HT_API th ht_clamp(th x, double lo, int has_lo, double hi, int has_hi) {
  // Whole-number bounds are integral scalars, so an integer tensor keeps its dtype (as with Python ints).
  auto bound = [](double v) { return ht::scalar(v, std::abs(v) < 9007199254740992.0 && v == std::floor(v)); };
  HT_TRY c10::optional<at::Scalar> l, h;
  if (has_lo) l = bound(lo);
  if (has_hi) h = bound(hi);
  return ht::wrap(at::clamp(ht::T(x), l, h));
  HT_CATCH(nullptr)
}

HT_API th ht_clamp_tensor(th x, th lo, th hi) {
  HT_TRY return ht::wrap(at::clamp(ht::T(x), ht::opt(lo), ht::opt(hi)));
  HT_CATCH(nullptr)
}

HT_API th ht_where(th cond, th a, th b) {
  HT_TRY return ht::wrap(at::where(ht::T(cond), ht::T(a), ht::T(b)));
  HT_CATCH(nullptr)
}

HT_API th ht_masked_fill(th x, th mask, double value, int is_integral) {
  HT_TRY return ht::wrap(ht::T(x).masked_fill(ht::T(mask), ht::scalar(value, is_integral)));
  HT_CATCH(nullptr)
}

HT_API th ht_masked_fill_tensor(th x, th mask, th value) {
  HT_TRY return ht::wrap(ht::T(x).masked_fill(ht::T(mask), ht::T(value)));
  HT_CATCH(nullptr)
}

HT_API th ht_softplus(th x, double beta, double threshold) {
  HT_TRY return ht::wrap(at::softplus(ht::T(x), beta, threshold));
  HT_CATCH(nullptr)
}

HT_API th ht_lerp(th a, th b, double weight) {
  HT_TRY return ht::wrap(at::lerp(ht::T(a), ht::T(b), weight));
  HT_CATCH(nullptr)
}
