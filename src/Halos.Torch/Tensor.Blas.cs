using Halos.Torch.Native;

namespace Halos.Torch;

// PyTorch docs: "BLAS and LAPACK Operations".
public sealed partial class Tensor
{
    internal static Tensor Blas(BlasOp op, Tensor a, Tensor b)
    {
        var r = Lib.ht_blas((int)op, a.Handle, b.Handle);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        return Wrap(r);
    }

    public Tensor matmul(Tensor other) => Blas(BlasOp.Matmul, this, other);
    public Tensor mm(Tensor other) => Blas(BlasOp.Mm, this, other);
    public Tensor bmm(Tensor other) => Blas(BlasOp.Bmm, this, other);
    public Tensor outer(Tensor other) => Blas(BlasOp.Outer, this, other);
    public Tensor dot(Tensor other) => Blas(BlasOp.Dot, this, other);
}
