using Halos.Torch.Native;

namespace Halos.Torch;

// PyTorch docs: "Reduction Ops". With no dims, a reduction covers every element.
public sealed partial class Tensor
{
    private unsafe Tensor Reduce(ReduceOp op, long[]? dims, bool keepdim, ScalarType? dtype = null)
    {
        IntPtr r;
        fixed (long* d = dims)
            r = Lib.ht_reduce((int)op, Handle, d, dims is null ? -1 : dims.Length, keepdim ? 1 : 0, dtype.HasValue ? (int)dtype.Value : -1);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    // No overload takes a dtype or a correction as its first positional argument: the literal 0
    // converts to any enum, so x.sum(0) would sum everything as uint8, and x.var(1) would mean
    // correction 1 instead of dim 1. Pass those by name: x.sum(dtype: ...), x.var(correction: 0).
    public Tensor sum(long[]? dims = null, bool keepdim = false, ScalarType? dtype = null) => Reduce(ReduceOp.Sum, dims, keepdim, dtype);
    public Tensor sum(long dim, bool keepdim = false, ScalarType? dtype = null) => Reduce(ReduceOp.Sum, [dim], keepdim, dtype);

    public Tensor mean(long[]? dims = null, bool keepdim = false, ScalarType? dtype = null) => Reduce(ReduceOp.Mean, dims, keepdim, dtype);
    public Tensor mean(long dim, bool keepdim = false, ScalarType? dtype = null) => Reduce(ReduceOp.Mean, [dim], keepdim, dtype);

    public Tensor prod(long[]? dims = null, bool keepdim = false, ScalarType? dtype = null) => Reduce(ReduceOp.Prod, dims, keepdim, dtype);
    public Tensor prod(long dim, bool keepdim = false) => Reduce(ReduceOp.Prod, [dim], keepdim);

    public Tensor nansum() => Reduce(ReduceOp.NanSum, null, false);

    public Tensor amax(long dim, bool keepdim = false) => Reduce(ReduceOp.Amax, [dim], keepdim);
    public Tensor amax(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Amax, dims, keepdim);
    public Tensor amin(long dim, bool keepdim = false) => Reduce(ReduceOp.Amin, [dim], keepdim);
    public Tensor amin(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Amin, dims, keepdim);

    public Tensor logsumexp(long dim, bool keepdim = false) => Reduce(ReduceOp.LogSumExp, [dim], keepdim);
    public Tensor logsumexp(long[] dims, bool keepdim = false) => Reduce(ReduceOp.LogSumExp, dims, keepdim);

    public Tensor all() => Reduce(ReduceOp.All, null, false);
    public Tensor all(long dim, bool keepdim = false) => Reduce(ReduceOp.All, [dim], keepdim);
    public Tensor any() => Reduce(ReduceOp.Any, null, false);
    public Tensor any(long dim, bool keepdim = false) => Reduce(ReduceOp.Any, [dim], keepdim);

    private unsafe Tensor VarStd(bool std, long[]? dims, long correction, bool keepdim)
    {
        IntPtr r;
        fixed (long* d = dims)
            r = Lib.ht_var_std(std ? 1 : 0, Handle, d, dims is null ? -1 : dims.Length, correction, keepdim ? 1 : 0);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    /// <summary>Variance with Bessel's correction by default (correction = 1), as torch.var.</summary>
    public Tensor var(long[]? dims = null, bool keepdim = false, long correction = 1) => VarStd(false, dims, correction, keepdim);
    public Tensor var(long dim, bool keepdim = false, long correction = 1) => VarStd(false, [dim], correction, keepdim);
    public Tensor std(long[]? dims = null, bool keepdim = false, long correction = 1) => VarStd(true, dims, correction, keepdim);
    public Tensor std(long dim, bool keepdim = false, long correction = 1) => VarStd(true, [dim], correction, keepdim);

    /// <summary>The largest element.</summary>
    public Tensor max()
    {
        var r = Lib.ht_minmax_all(0, Handle);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public Tensor min()
    {
        var r = Lib.ht_minmax_all(1, Handle);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    /// <summary>Largest values along a dimension, with their indices.</summary>
    public (Tensor values, Tensor indices) max(long dim, bool keepdim = false) => MinMax(0, dim, keepdim);
    public (Tensor values, Tensor indices) min(long dim, bool keepdim = false) => MinMax(1, dim, keepdim);

    private unsafe (Tensor, Tensor) MinMax(int op, long dim, bool keepdim)
    {
        IntPtr v, i;
        Check.Status(Lib.ht_minmax_dim(op, Handle, dim, keepdim ? 1 : 0, &v, &i));
        GC.KeepAlive(this);
        return (new Tensor(v), new Tensor(i));
    }

    public Tensor argmax() => ArgMinMax(0, 0, false, false);
    public Tensor argmax(long dim, bool keepdim = false) => ArgMinMax(0, dim, true, keepdim);
    public Tensor argmin() => ArgMinMax(1, 0, false, false);
    public Tensor argmin(long dim, bool keepdim = false) => ArgMinMax(1, dim, true, keepdim);

    private Tensor ArgMinMax(int op, long dim, bool hasDim, bool keepdim)
    {
        var r = Lib.ht_argminmax(op, Handle, dim, hasDim ? 1 : 0, keepdim ? 1 : 0);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public unsafe Tensor norm(double p = 2, long[]? dims = null, bool keepdim = false)
    {
        IntPtr r;
        fixed (long* d = dims)
            r = Lib.ht_norm(Handle, p, d, dims is null ? -1 : dims.Length, keepdim ? 1 : 0);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public Tensor cumsum(long dim)
    {
        var r = Lib.ht_cumsum(Handle, dim);
        GC.KeepAlive(this);
        return Wrap(r);
    }
}
