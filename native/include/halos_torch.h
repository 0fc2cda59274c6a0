// The C ABI of the Halos.Torch shim. Every function catches every C++ exception and stores
// its message in a thread-local slot (ht_last_error). Functions returning a tensor return
// NULL on failure; functions returning int return 0 on success and -1 on failure.
// Tensors are heap-allocated at::Tensor objects owned by the managed side (ht_free).
#pragma once
#include <cstdint>

#define HT_API extern "C" __attribute__((visibility("default")))

typedef void* th;  // c10::TensorImpl* owning one reference

HT_API const char* ht_last_error();
