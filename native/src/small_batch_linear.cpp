// Decoding multiplies a handful of rows (one per sequence) by every weight matrix, and for the
// vocabulary head that matrix is 100+ MB. At 16 rows OpenBLAS reaches a third of its GEMM rate
// (15 ms for 16 x 512 x 50257 on 2 cores, about 7 GB/s of weight read where the machine streams 34),
// most likely because it packs the weight into its panel layout on every call, reading and writing
// it again; that was not profiled inside OpenBLAS. Here each group of three weight
// rows is read from memory once, straight from the checkpoint's [N, K] layout, and dotted with every
// row of x while it sits in L1; the next group is prefetched meanwhile. Measured on the same
// machine: 8 ms for that head, and 0.27 ms against 0.36-0.46 ms for a 2048 x 512 projection.
// Weights stored [K, N] (GPT-2's Conv1D) keep OpenBLAS, which does better there than a kernel
// without packing.
#include "small_batch_linear.h"

#include <ATen/Parallel.h>
#include <ATen/autocast_mode.h>
#include <ATen/record_function.h>
#include <c10/core/GradMode.h>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define HALOS_SMALL_BATCH_KERNEL 1
#define HALOS_AVX2 __attribute__((target("avx2,fma")))
#endif

namespace halos {

#ifdef HALOS_SMALL_BATCH_KERNEL
namespace {

constexpr int kRowTile = 4;     // rows of x per tile
constexpr int kWeightTile = 3;  // weight rows per tile: 4 x 3 accumulators + 3 weight + 1 x registers = 16
constexpr int kPrefetchTiles = 4;

HALOS_AVX2 inline float horizontal_sum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_hadd_ps(s, s);
  s = _mm_hadd_ps(s, s);
  return _mm_cvtss_f32(s);
}

// y[i, j] = x[i, :] . w[j, :] (+ b[j]) for MT rows of x and NT rows of w; prefetch, when given,
// points at weight rows a few tiles ahead so their lines arrive while this tile computes.
template <int MT, int NT>
HALOS_AVX2 void tile(const float* x, const float* w, int64_t K, const float* b, float* y, int64_t ldy, const float* prefetch) {
  // The shim builds at -O2, which leaves these short loops rolled and the accumulators on the
  // stack; unrolled, all MT x NT of them stay in registers.
  __m256 acc[MT][NT];
#pragma GCC unroll 4
  for (int i = 0; i < MT; ++i)
#pragma GCC unroll 3
    for (int j = 0; j < NT; ++j) acc[i][j] = _mm256_setzero_ps();
  int64_t k = 0;
  for (; k + 8 <= K; k += 8) {
    if (prefetch != nullptr && (k & 15) == 0) {
#pragma GCC unroll 3
      for (int j = 0; j < NT; ++j) _mm_prefetch(reinterpret_cast<const char*>(prefetch + j * K + k), _MM_HINT_T0);
    }
    __m256 wv[NT];
#pragma GCC unroll 3
    for (int j = 0; j < NT; ++j) wv[j] = _mm256_loadu_ps(w + j * K + k);
#pragma GCC unroll 4
    for (int i = 0; i < MT; ++i) {
      const __m256 xv = _mm256_loadu_ps(x + i * K + k);
#pragma GCC unroll 3
      for (int j = 0; j < NT; ++j) acc[i][j] = _mm256_fmadd_ps(xv, wv[j], acc[i][j]);
    }
  }
  for (int i = 0; i < MT; ++i)
    for (int j = 0; j < NT; ++j) {
      float s = horizontal_sum(acc[i][j]);
      for (int64_t r = k; r < K; ++r) s += x[i * K + r] * w[j * K + r];
      y[i * ldy + j] = b != nullptr ? s + b[j] : s;
    }
}

// Every row of x against weight rows [n, n + NT).
template <int NT>
HALOS_AVX2 void weight_rows(const float* x, int64_t M, const float* w, int64_t K, const float* b, float* y, int64_t N, int64_t n,
                            const float* prefetch) {
  const float* wn = w + n * K;
  const float* bn = b != nullptr ? b + n : nullptr;
  int64_t m = 0;
  for (; m + kRowTile <= M; m += kRowTile) tile<kRowTile, NT>(x + m * K, wn, K, bn, y + m * N + n, N, prefetch);
  for (; m + 2 <= M; m += 2) tile<2, NT>(x + m * K, wn, K, bn, y + m * N + n, N, prefetch);
  for (; m < M; ++m) tile<1, NT>(x + m * K, wn, K, bn, y + m * N + n, N, prefetch);
}

bool cpu_has_avx2_fma() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

}  // namespace
#endif

c10::optional<at::Tensor> small_batch_linear(const at::Tensor& x, const at::Tensor& w, const c10::optional<at::Tensor>& b) {
#ifdef HALOS_SMALL_BATCH_KERNEL
  if (!cpu_has_avx2_fma()) return c10::nullopt;
  if (!x.defined() || !w.defined() || w.dim() != 2 || x.dim() < 1) return c10::nullopt;
  if (!x.device().is_cpu() || !w.device().is_cpu() || x.scalar_type() != at::kFloat || w.scalar_type() != at::kFloat) return c10::nullopt;
  const bool has_bias = b.has_value() && b->defined();
  if (has_bias && (!b->device().is_cpu() || b->scalar_type() != at::kFloat || b->dim() != 1)) return c10::nullopt;
  const int64_t N = w.size(0), K = w.size(1);
  if (K == 0 || N == 0 || x.size(-1) != K || !w.is_contiguous() || (has_bias && b->size(0) != N)) return c10::nullopt;
  const int64_t M = x.numel() / K;
  if (M == 0 || M > kSmallBatchRows) return c10::nullopt;
  if (c10::GradMode::is_enabled() && (x.requires_grad() || w.requires_grad() || (has_bias && b->requires_grad()))) return c10::nullopt;
  if (at::autocast::is_cpu_enabled()) return c10::nullopt;  // at::linear computes in the autocast dtype

  // Named for libtorch's profiler, so op breakdowns (bench/) show it beside the aten ops.
  at::RecordFunction range(at::RecordScope::FUNCTION);
  if (range.isActive()) range.before("halos::small_batch_linear");
  const at::Tensor xc = x.contiguous();
  const at::Tensor bc = has_bias ? b->contiguous() : at::Tensor();
  std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end());
  shape.back() = N;
  at::Tensor y = at::empty(shape, x.options());

  const float* xp = xc.data_ptr<float>();
  const float* wp = w.data_ptr<float>();
  const float* bp = has_bias ? bc.data_ptr<float>() : nullptr;
  float* yp = y.data_ptr<float>();
  const int64_t tiles = N / kWeightTile;
  const int64_t grain = std::max<int64_t>(1, at::internal::GRAIN_SIZE / (kWeightTile * K * M));
  at::parallel_for(0, tiles, grain, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t ahead = t + kPrefetchTiles;
      const float* prefetch = ahead < tiles ? wp + ahead * kWeightTile * K : nullptr;
      weight_rows<kWeightTile>(xp, M, wp, K, bp, yp, N, t * kWeightTile, prefetch);
    }
  });
  for (int64_t n = tiles * kWeightTile; n < N; ++n) weight_rows<1>(xp, M, wp, K, bp, yp, N, n, nullptr);
  return y;
#else
  (void)x;
  (void)w;
  (void)b;
  return c10::nullopt;
#endif
}

}  // namespace halos
