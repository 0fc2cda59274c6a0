// The conventions every export of the Halos.Torch shim follows, and the one export they all share.
// Every function catches every C++ exception and stores its message in a thread-local slot (ht_last_error).
// Functions returning a tensor return NULL on failure; functions returning int return 0 on success and -1
// on failure. A tensor handle is a c10::TensorImpl* that owns one reference, released by the managed side (ht_free).
// The exports themselves are declared with HT_API where they are defined, one file per PyTorch docs section
// (native/src/*.cpp); `nm -D --defined-only libhalos_torch.so | grep ht_` lists them, and
// src/Halos.Torch/Native binds each one.
#pragma once
#include <cstdint>

#define HT_API extern "C" __attribute__((visibility("default")))

typedef void* th;  // c10::TensorImpl* owning one reference

HT_API const char* ht_last_error();
