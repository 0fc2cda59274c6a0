// Support for nn.Module: swapping a parameter's data in place (module.to(...)) keeps every
// reference to the parameter valid, as PyTorch's `param.data = new` does.
#include "shim.h"

HT_API int ht_set_data(th h, th source) {
  HT_TRY ht::T(h).set_data(ht::T(source));
  return 0;
  HT_CATCH(-1)
}

// Bytes of the elements a tensor addresses, which the managed side reports to the GC as memory
// pressure so finalisers keep up with large tensors that nobody disposed.
HT_API int64_t ht_nbytes(th h) {
  HT_TRY return ht::T(h).numel() * static_cast<int64_t>(ht::T(h).element_size());
  HT_CATCH(0)
}
