using Halos.Torch.Native;

namespace Halos.Torch;

// PyTorch docs: "Pointwise Ops" and "Comparison Ops".
public sealed partial class Tensor
{
    public Tensor neg() => Unary(UnaryOp.Neg, this);
    public Tensor exp() => Unary(UnaryOp.Exp, this);
    public Tensor log() => Unary(UnaryOp.Log, this);
    public Tensor log1p() => Unary(UnaryOp.Log1p, this);
    public Tensor log2() => Unary(UnaryOp.Log2, this);
    public Tensor expm1() => Unary(UnaryOp.Expm1, this);
    public Tensor sqrt() => Unary(UnaryOp.Sqrt, this);
    public Tensor rsqrt() => Unary(UnaryOp.Rsqrt, this);
    public Tensor abs() => Unary(UnaryOp.Abs, this);
    public Tensor sigmoid() => Unary(UnaryOp.Sigmoid, this);
    public Tensor tanh() => Unary(UnaryOp.Tanh, this);
    public Tensor relu() => Unary(UnaryOp.Relu, this);
    public Tensor sin() => Unary(UnaryOp.Sin, this);
    public Tensor cos() => Unary(UnaryOp.Cos, this);
    public Tensor erf() => Unary(UnaryOp.Erf, this);
    public Tensor floor() => Unary(UnaryOp.Floor, this);
    public Tensor ceil() => Unary(UnaryOp.Ceil, this);
    public Tensor round() => Unary(UnaryOp.Round, this);
    public Tensor trunc() => Unary(UnaryOp.Trunc, this);
    public Tensor sign() => Unary(UnaryOp.Sign, this);
    public Tensor square() => Unary(UnaryOp.Square, this);
    public Tensor reciprocal() => Unary(UnaryOp.Reciprocal, this);
    public Tensor isnan() => Unary(UnaryOp.IsNan, this);
    public Tensor isinf() => Unary(UnaryOp.IsInf, this);
    public Tensor isfinite() => Unary(UnaryOp.IsFinite, this);
    public Tensor logical_not() => Unary(UnaryOp.LogicalNot, this);
    public Tensor bitwise_not() => Unary(UnaryOp.BitwiseNot, this);

    public Tensor add(Tensor other) => Binary(BinaryOp.Add, this, other);
    public Tensor add(double other) => BinaryScalar(BinaryOp.Add, this, other, false);
    public Tensor sub(Tensor other) => Binary(BinaryOp.Sub, this, other);
    public Tensor sub(double other) => BinaryScalar(BinaryOp.Sub, this, other, false);
    public Tensor mul(Tensor other) => Binary(BinaryOp.Mul, this, other);
    public Tensor mul(double other) => BinaryScalar(BinaryOp.Mul, this, other, false);
    public Tensor div(Tensor other) => Binary(BinaryOp.Div, this, other);
    public Tensor div(double other) => BinaryScalar(BinaryOp.Div, this, other, false);
    public Tensor pow(Tensor exponent) => Binary(BinaryOp.Pow, this, exponent);
    public Tensor pow(double exponent) => BinaryScalar(BinaryOp.Pow, this, exponent, false);
    public Tensor pow(long exponent) => BinaryScalar(BinaryOp.Pow, this, exponent, true);
    public Tensor remainder(Tensor other) => Binary(BinaryOp.Remainder, this, other);
    public Tensor remainder(double other) => BinaryScalar(BinaryOp.Remainder, this, other, false);
    public Tensor fmod(double other) => BinaryScalar(BinaryOp.Fmod, this, other, false);
    public Tensor floor_divide(Tensor other) => Binary(BinaryOp.FloorDivide, this, other);
    public Tensor minimum(Tensor other) => Binary(BinaryOp.Minimum, this, other);
    public Tensor maximum(Tensor other) => Binary(BinaryOp.Maximum, this, other);
    public Tensor atan2(Tensor other) => Binary(BinaryOp.Atan2, this, other);

    public Tensor eq(Tensor other) => Binary(BinaryOp.Eq, this, other);
    public Tensor eq(double other) => BinaryScalar(BinaryOp.Eq, this, other, IsIntegral(other));
    public Tensor ne(Tensor other) => Binary(BinaryOp.Ne, this, other);
    public Tensor ne(double other) => BinaryScalar(BinaryOp.Ne, this, other, IsIntegral(other));
    public Tensor lt(Tensor other) => Binary(BinaryOp.Lt, this, other);
    public Tensor lt(double other) => BinaryScalar(BinaryOp.Lt, this, other, false);
    public Tensor le(Tensor other) => Binary(BinaryOp.Le, this, other);
    public Tensor le(double other) => BinaryScalar(BinaryOp.Le, this, other, false);
    public Tensor gt(Tensor other) => Binary(BinaryOp.Gt, this, other);
    public Tensor gt(double other) => BinaryScalar(BinaryOp.Gt, this, other, false);
    public Tensor ge(Tensor other) => Binary(BinaryOp.Ge, this, other);
    public Tensor ge(double other) => BinaryScalar(BinaryOp.Ge, this, other, false);
    public Tensor logical_and(Tensor other) => Binary(BinaryOp.LogicalAnd, this, other);
    public Tensor logical_or(Tensor other) => Binary(BinaryOp.LogicalOr, this, other);
    public Tensor logical_xor(Tensor other) => Binary(BinaryOp.LogicalXor, this, other);

    public Tensor clamp(double? min = null, double? max = null)
    {
        var r = Lib.ht_clamp(Handle, min ?? 0, min.HasValue ? 1 : 0, max ?? 0, max.HasValue ? 1 : 0);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public Tensor clamp(Tensor? min, Tensor? max)
    {
        var r = Lib.ht_clamp_tensor(Handle, HandleOrNull(min), HandleOrNull(max));
        GC.KeepAlive(this);
        GC.KeepAlive(min);
        GC.KeepAlive(max);
        return Wrap(r);
    }

    // Whole-number bounds stay integral so an int64 tensor clamps to int64, as with Python ints.
    public Tensor clamp_min(double min) => BinaryScalar(BinaryOp.ClampMin, this, min, IsIntegral(min));
    public Tensor clamp_max(double max) => BinaryScalar(BinaryOp.ClampMax, this, max, IsIntegral(max));

    public Tensor masked_fill(Tensor mask, double value)
    {
        var r = Lib.ht_masked_fill(Handle, mask.Handle, value, 0);
        GC.KeepAlive(this);
        GC.KeepAlive(mask);
        return Wrap(r);
    }

    public Tensor masked_fill(Tensor mask, Tensor value)
    {
        var r = Lib.ht_masked_fill_tensor(Handle, mask.Handle, value.Handle);
        GC.KeepAlive(this);
        GC.KeepAlive(mask);
        GC.KeepAlive(value);
        return Wrap(r);
    }

    public Tensor lerp(Tensor end, double weight)
    {
        var r = Lib.ht_lerp(Handle, end.Handle, weight);
        GC.KeepAlive(this);
        GC.KeepAlive(end);
        return Wrap(r);
    }

    // In-place forms, as PyTorch's trailing underscore.
    public Tensor add_(Tensor other) => InPlace(BinaryOp.Add, other);
    public Tensor add_(double other) => InPlace(BinaryOp.Add, other, false);
    public Tensor sub_(Tensor other) => InPlace(BinaryOp.Sub, other);
    public Tensor sub_(double other) => InPlace(BinaryOp.Sub, other, false);
    public Tensor mul_(Tensor other) => InPlace(BinaryOp.Mul, other);
    public Tensor mul_(double other) => InPlace(BinaryOp.Mul, other, false);
    public Tensor div_(Tensor other) => InPlace(BinaryOp.Div, other);
    public Tensor div_(double other) => InPlace(BinaryOp.Div, other, false);
    public Tensor pow_(double exponent) => InPlace(BinaryOp.Pow, exponent, false);
    public Tensor clamp_min_(double min) => InPlace(BinaryOp.ClampMin, min, false);
    public Tensor clamp_max_(double max) => InPlace(BinaryOp.ClampMax, max, false);
    public Tensor copy_(Tensor source) => InPlace(BinaryOp.Copy, source);
    public Tensor fill_(double value) => InPlace(BinaryOp.Fill, value, IsIntegral(value) && !dtype.IsFloatingPoint());

    public Tensor zero_()
    {
        Check.Status(Lib.ht_zero_(Handle));
        return this;
    }

    // An equality test against a whole number on an integer tensor must not promote it to float.
    private static bool IsIntegral(double v) => Math.Abs(v) < 9.007199254740992E15 && v == Math.Floor(v);
}
