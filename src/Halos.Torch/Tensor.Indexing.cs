using Halos.Torch.Native;

namespace Halos.Torch;

// PyTorch docs: "Indexing, Slicing, Joining, Mutating Ops" and the view methods of Tensor.
public sealed partial class Tensor
{
    private unsafe Tensor Shape(ShapeOp op, ReadOnlySpan<long> shape)
    {
        IntPtr r;
        fixed (long* s = shape) r = Lib.ht_shape_op((int)op, Handle, s, shape.Length);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public Tensor view(params long[] shape) => Shape(ShapeOp.View, shape);
    public Tensor reshape(params long[] shape) => Shape(ShapeOp.Reshape, shape);
    public Tensor expand(params long[] shape) => Shape(ShapeOp.Expand, shape);
    public Tensor permute(params long[] dims) => Shape(ShapeOp.Permute, dims);
    public Tensor repeat(params long[] repeats) => Shape(ShapeOp.Repeat, repeats);
    public Tensor view_as(Tensor other) => view(other.shape);
    public Tensor expand_as(Tensor other) => expand(other.shape);

    public Tensor transpose(long dim0, long dim1)
    {
        var r = Lib.ht_transpose(Handle, dim0, dim1);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    /// <summary>The 2-D transpose (the matrix T of PyTorch).</summary>
    public Tensor t() => Unary(UnaryOp.T, this);

    /// <summary>PyTorch's mT: transpose of the last two dimensions.</summary>
    public Tensor mT => transpose(-2, -1);

    public Tensor flatten(long startDim = 0, long endDim = -1)
    {
        var r = Lib.ht_flatten(Handle, startDim, endDim);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public Tensor contiguous() => Unary(UnaryOp.Contiguous, this);

    public Tensor narrow(long dim, long start, long length)
    {
        var r = Lib.ht_narrow(Handle, dim, start, length);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    /// <summary>Elements start..end (exclusive) with a step along one dimension; end defaults to the end.</summary>
    public Tensor slice(long dim, long start, long? end = null, long step = 1)
    {
        var r = Lib.ht_slice(Handle, dim, start, end ?? long.MaxValue, step);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public Tensor select(long dim, long index)
    {
        var r = Lib.ht_select(Handle, dim, index);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    /// <summary>x[i]: the i-th entry along the first dimension.</summary>
    public Tensor this[long index] => select(0, index);

    /// <summary>x[a..b]: a slice along the first dimension.</summary>
    public Tensor this[Range range]
    {
        get
        {
            var n = size(0);
            var (offset, length) = range.GetOffsetAndLength(checked((int)n));
            return narrow(0, offset, length);
        }
    }

    /// <summary>x[mask] for a boolean mask, or x[indices] for an integer index tensor.</summary>
    public Tensor this[Tensor index]
    {
        get
        {
            var r = Lib.ht_index(Handle, index.Handle);
            GC.KeepAlive(this);
            GC.KeepAlive(index);
            return Wrap(r);
        }
    }

    public Tensor index_select(long dim, Tensor index)
    {
        var r = Lib.ht_index_select(Handle, dim, index.Handle);
        GC.KeepAlive(this);
        GC.KeepAlive(index);
        return Wrap(r);
    }

    public Tensor gather(long dim, Tensor index)
    {
        var r = Lib.ht_gather(Handle, dim, index.Handle);
        GC.KeepAlive(this);
        GC.KeepAlive(index);
        return Wrap(r);
    }

    public Tensor scatter(long dim, Tensor index, Tensor src) => Scatter(0, dim, index, src);
    public Tensor scatter_add(long dim, Tensor index, Tensor src) => Scatter(1, dim, index, src);

    private Tensor Scatter(int op, long dim, Tensor index, Tensor src)
    {
        var r = Lib.ht_scatter(op, Handle, dim, index.Handle, src.Handle);
        GC.KeepAlive(this);
        GC.KeepAlive(index);
        GC.KeepAlive(src);
        return Wrap(r);
    }

    public Tensor masked_select(Tensor mask)
    {
        var r = Lib.ht_masked_select(Handle, mask.Handle);
        GC.KeepAlive(this);
        GC.KeepAlive(mask);
        return Wrap(r);
    }

    /// <summary>Splits into pieces of splitSize along dim (the last may be smaller).</summary>
    public unsafe Tensor[] split(long splitSize, long dim = 0)
    {
        if (splitSize <= 0) throw new ArgumentOutOfRangeException(nameof(splitSize), "split size must be positive");
        var n = size(dim);
        var count = Math.Max(1, (n + splitSize - 1) / splitSize);
        var handles = new IntPtr[count];
        long got;
        fixed (IntPtr* o = handles) got = Check.Count(Lib.ht_split(Handle, splitSize, dim, o, count));
        GC.KeepAlive(this);
        return WrapAll(handles, got);
    }

    public unsafe Tensor[] split(long[] sizes, long dim = 0)
    {
        var handles = new IntPtr[sizes.Length];
        long got;
        fixed (IntPtr* o = handles)
        fixed (long* s = sizes)
            got = Check.Count(Lib.ht_split_sizes(Handle, s, sizes.Length, dim, o, sizes.Length));
        GC.KeepAlive(this);
        return WrapAll(handles, got);
    }

    /// <summary>Splits into at most n pieces of equal size (torch.chunk).</summary>
    public Tensor[] chunk(long chunks, long dim = 0)
    {
        if (chunks <= 0) throw new ArgumentOutOfRangeException(nameof(chunks), "chunk count must be positive");
        var n = size(dim);
        return split(Math.Max(1, (n + chunks - 1) / chunks), dim);
    }

    private static Tensor[] WrapAll(IntPtr[] handles, long count)
    {
        var result = new Tensor[count];
        for (var i = 0; i < count; i++) result[i] = new Tensor(handles[i]);
        return result;
    }

    public Tensor squeeze()
    {
        var r = Lib.ht_squeeze(Handle, 0, 0);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public Tensor squeeze(long dim)
    {
        var r = Lib.ht_squeeze(Handle, dim, 1);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public Tensor unsqueeze(long dim)
    {
        var r = Lib.ht_unsqueeze(Handle, dim);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public Tensor triu(long diagonal = 0) => Triangle(0, diagonal);
    public Tensor tril(long diagonal = 0) => Triangle(1, diagonal);

    private Tensor Triangle(int op, long diagonal)
    {
        var r = Lib.ht_triangle(op, Handle, diagonal);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public unsafe Tensor flip(params long[] dims)
    {
        IntPtr r;
        fixed (long* d = dims) r = Lib.ht_flip(Handle, d, dims.Length);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public unsafe Tensor roll(long[] shifts, long[] dims)
    {
        if (shifts.Length != dims.Length) throw new ArgumentException("shifts and dims must have the same length");
        IntPtr r;
        fixed (long* s = shifts)
        fixed (long* d = dims)
            r = Lib.ht_roll(Handle, s, d, dims.Length);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public Tensor where(Tensor condition, Tensor other) => torch.where(condition, this, other);
}
