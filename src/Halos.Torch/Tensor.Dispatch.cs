using Halos.Torch.Native;

namespace Halos.Torch;

// The few shapes of native call most ops share. Each keeps its operands alive across the call:
// a temporary like (a + b) in (a + b) * c may otherwise be finalised while libtorch reads it.
public sealed partial class Tensor
{
    internal static Tensor Unary(UnaryOp op, Tensor x)
    {
        var r = Lib.ht_unary((int)op, x.Handle);
        GC.KeepAlive(x);
        return Wrap(r);
    }

    internal static Tensor Binary(BinaryOp op, Tensor a, Tensor b)
    {
        var r = Lib.ht_binary((int)op, a.Handle, b.Handle);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        return Wrap(r);
    }

    internal static Tensor BinaryScalar(BinaryOp op, Tensor a, double s, bool integral)
    {
        var r = Lib.ht_binary_scalar((int)op, a.Handle, s, integral ? 1 : 0);
        GC.KeepAlive(a);
        return Wrap(r);
    }

    internal Tensor InPlace(BinaryOp op, Tensor other)
    {
        Check.Status(Lib.ht_inplace_binary((int)op, Handle, other.Handle));
        GC.KeepAlive(other);
        return this;
    }

    internal Tensor InPlace(BinaryOp op, double s, bool integral)
    {
        Check.Status(Lib.ht_inplace_scalar((int)op, Handle, s, integral ? 1 : 0));
        return this;
    }

    /// <summary>The handle of an optional tensor argument: NULL for none.</summary>
    internal static IntPtr HandleOrNull(Tensor? t) => t is null ? IntPtr.Zero : t.Handle;
}
