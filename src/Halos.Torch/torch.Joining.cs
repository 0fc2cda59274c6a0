using Halos.Torch.Native;

namespace Halos.Torch;

// PyTorch docs: "Indexing, Slicing, Joining, Mutating Ops" (the free functions), and BLAS.
public static partial class torch
{
    private static unsafe Tensor Join(int op, IReadOnlyList<Tensor> tensors, long dim)
    {
        if (tensors.Count == 0) throw new ArgumentException("expected a non-empty list of tensors", nameof(tensors));
        var handles = new IntPtr[tensors.Count];
        for (var i = 0; i < handles.Length; i++) handles[i] = tensors[i].Handle;
        IntPtr r;
        fixed (IntPtr* h = handles) r = Lib.ht_join(op, h, handles.Length, dim);
        GC.KeepAlive(tensors);
        return Tensor.Wrap(r);
    }

    public static Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(0, tensors, dim);
    public static Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(1, tensors, dim);

    /// <summary>Elements of a where the condition holds, else of b (broadcasting).</summary>
    public static Tensor where(Tensor condition, Tensor a, Tensor b)
    {
        var r = Lib.ht_where(condition.Handle, a.Handle, b.Handle);
        GC.KeepAlive(condition);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        return Tensor.Wrap(r);
    }

    public static Tensor where(Tensor condition, Tensor a, double b)
    {
        // A fractional scalar beside an integer tensor promotes, as in PyTorch, instead of truncating.
        var integralScalar = Math.Abs(b) < 9.007199254740992E15 && b == Math.Floor(b);
        var dtype = a.dtype.IsFloatingPoint() || integralScalar ? a.dtype : ScalarType.Float32;
        using var other = full([], b, dtype, a.device);
        return where(condition, a, other);
    }

    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor exp(Tensor x) => x.exp();
    public static Tensor log(Tensor x) => x.log();
    public static Tensor sqrt(Tensor x) => x.sqrt();
    public static Tensor abs(Tensor x) => x.abs();
    public static Tensor clamp(Tensor x, double? min = null, double? max = null) => x.clamp(min, max);
    public static Tensor triu(Tensor x, long diagonal = 0) => x.triu(diagonal);
    public static Tensor tril(Tensor x, long diagonal = 0) => x.tril(diagonal);
    public static Tensor logsumexp(Tensor x, long dim, bool keepdim = false) => x.logsumexp(dim, keepdim);
}
