// Views, indexing, slicing, joining (PyTorch docs: "Indexing, Slicing, Joining, Mutating Ops").
#include "shim.h"

// op: 0 view, 1 reshape, 2 expand, 3 permute, 4 repeat
HT_API th ht_shape_op(int op, th h, const int64_t* shape, int64_t n) {
  HT_TRY auto&& x = ht::T(h);
  auto s = ht::dims(shape, n);
  switch (op) {
    case 0: return ht::wrap(x.view(s));
    case 1: return ht::wrap(x.reshape(s));
    case 2: return ht::wrap(x.expand(s));
    case 3: return ht::wrap(x.permute(s));
    case 4: return ht::wrap(x.repeat(s));
    default: throw std::invalid_argument("unknown shape op " + std::to_string(op));
  }
  HT_CATCH(nullptr)
}

HT_API th ht_transpose(th h, int64_t d0, int64_t d1) {
  HT_TRY return ht::wrap(ht::T(h).transpose(d0, d1));
  HT_CATCH(nullptr)
}

HT_API th ht_flatten(th h, int64_t start, int64_t end) {
  HT_TRY return ht::wrap(ht::T(h).flatten(start, end));
  HT_CATCH(nullptr)
}

HT_API th ht_narrow(th h, int64_t dim, int64_t start, int64_t length) {
  HT_TRY return ht::wrap(ht::T(h).narrow(dim, start, length));
  HT_CATCH(nullptr)
}

HT_API th ht_slice(th h, int64_t dim, int64_t start, int64_t end, int64_t step) {
  HT_TRY return ht::wrap(ht::T(h).slice(dim, start, end, step));
  HT_CATCH(nullptr)
}

HT_API th ht_select(th h, int64_t dim, int64_t index) {
  HT_TRY return ht::wrap(ht::T(h).select(dim, index));
  HT_CATCH(nullptr)
}

HT_API th ht_index_select(th h, int64_t dim, th index) {
  HT_TRY return ht::wrap(at::index_select(ht::T(h), dim, ht::T(index)));
  HT_CATCH(nullptr)
}

HT_API th ht_gather(th h, int64_t dim, th index) {
  HT_TRY return ht::wrap(at::gather(ht::T(h), dim, ht::T(index)));
  HT_CATCH(nullptr)
}

// op: 0 scatter, 1 scatter_add
HT_API th ht_scatter(int op, th h, int64_t dim, th index, th src) {
  HT_TRY auto&& x = ht::T(h);
  return ht::wrap(op == 0 ? at::scatter(x, dim, ht::T(index), ht::T(src)) : at::scatter_add(x, dim, ht::T(index), ht::T(src)));
  HT_CATCH(nullptr)
}

// Advanced indexing by a boolean mask or an integer index tensor along dimension 0.
HT_API th ht_index(th h, th index) {
  HT_TRY auto&& idx = ht::T(index);
  c10::List<c10::optional<at::Tensor>> list;
  list.push_back(idx);
  return ht::wrap(at::index(ht::T(h), list));
  HT_CATCH(nullptr)
}

HT_API th ht_masked_select(th h, th mask) {
  HT_TRY return ht::wrap(at::masked_select(ht::T(h), ht::T(mask)));
  HT_CATCH(nullptr)
}

// op: 0 cat, 1 stack
HT_API th ht_join(int op, const th* hs, int64_t n, int64_t dim) {
  HT_TRY auto ts = ht::tensors(hs, n);
  return ht::wrap(op == 0 ? at::cat(ts, dim) : at::stack(ts, dim));
  HT_CATCH(nullptr)
}

HT_API int64_t ht_split(th h, int64_t split_size, int64_t dim, th* out, int64_t capacity) {
  HT_TRY return ht::write_out(ht::T(h).split(split_size, dim), out, capacity);
  HT_CATCH(-1)
}

HT_API int64_t ht_split_sizes(th h, const int64_t* sizes, int64_t n, int64_t dim, th* out, int64_t capacity) {
  HT_TRY return ht::write_out(ht::T(h).split_with_sizes(ht::dims(sizes, n), dim), out, capacity);
  HT_CATCH(-1)
}

HT_API th ht_squeeze(th h, int64_t dim, int has_dim) {
  HT_TRY return ht::wrap(has_dim ? ht::T(h).squeeze(dim) : ht::T(h).squeeze());
  HT_CATCH(nullptr)
}

HT_API th ht_unsqueeze(th h, int64_t dim) {
  HT_TRY return ht::wrap(ht::T(h).unsqueeze(dim));
  HT_CATCH(nullptr)
}

// op: 0 triu, 1 tril
HT_API th ht_triangle(int op, th h, int64_t diagonal) {
  HT_TRY return ht::wrap(op == 0 ? at::triu(ht::T(h), diagonal) : at::tril(ht::T(h), diagonal));
  HT_CATCH(nullptr)
}

HT_API th ht_flip(th h, const int64_t* dims, int64_t n) {
  HT_TRY return ht::wrap(at::flip(ht::T(h), ht::dims(dims, n)));
  HT_CATCH(nullptr)
}

// Constant padding, pad given as (last-dim left, last-dim right, next-dim left, ...) as in F.pad.
HT_API th ht_pad(th h, const int64_t* pad, int64_t n, double value) {
  HT_TRY return ht::wrap(at::constant_pad_nd(ht::T(h), ht::dims(pad, n), value));
  HT_CATCH(nullptr)
}

HT_API th ht_roll(th h, const int64_t* shifts, const int64_t* dims, int64_t n) {
  HT_TRY return ht::wrap(at::roll(ht::T(h), ht::dims(shifts, n), ht::dims(dims, n)));
  HT_CATCH(nullptr)
}
