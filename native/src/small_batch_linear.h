// x W^T + b for a few rows of x (decoding: one row per sequence) on the CPU.
#pragma once
#include <ATen/ATen.h>

namespace halos {

// The product when this kernel serves the call (float32 CPU tensors, W [N, K] with contiguous rows,
// at most kSmallBatchRows rows of x, nothing that autograd must record, a CPU with AVX2 and FMA);
// nullopt otherwise, and the caller takes at::linear.
c10::optional<at::Tensor> small_batch_linear(const at::Tensor& x, const at::Tensor& w, const c10::optional<at::Tensor>& b);

constexpr int64_t kSmallBatchRows = 32;

}  // namespace halos
