namespace Halos.Torch;

// Broadcasting arithmetic and comparisons as C# operators. An integer scalar keeps an integer
// tensor integral (as a Python int does); a double promotes it to floating point.
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => Binary(Native.BinaryOp.Add, a, b);
    public static Tensor operator +(Tensor a, double s) => BinaryScalar(Native.BinaryOp.Add, a, s, false);
    public static Tensor operator +(Tensor a, long s) => BinaryScalar(Native.BinaryOp.Add, a, s, true);
    public static Tensor operator +(double s, Tensor a) => BinaryScalar(Native.BinaryOp.Add, a, s, false);
    public static Tensor operator +(long s, Tensor a) => BinaryScalar(Native.BinaryOp.Add, a, s, true);

    public static Tensor operator -(Tensor a, Tensor b) => Binary(Native.BinaryOp.Sub, a, b);
    public static Tensor operator -(Tensor a, double s) => BinaryScalar(Native.BinaryOp.Sub, a, s, false);
    public static Tensor operator -(Tensor a, long s) => BinaryScalar(Native.BinaryOp.Sub, a, s, true);
    public static Tensor operator -(double s, Tensor a) => BinaryScalar(Native.BinaryOp.RSub, a, s, false);
    public static Tensor operator -(long s, Tensor a) => BinaryScalar(Native.BinaryOp.RSub, a, s, true);

    public static Tensor operator *(Tensor a, Tensor b) => Binary(Native.BinaryOp.Mul, a, b);
    public static Tensor operator *(Tensor a, double s) => BinaryScalar(Native.BinaryOp.Mul, a, s, false);
    public static Tensor operator *(Tensor a, long s) => BinaryScalar(Native.BinaryOp.Mul, a, s, true);
    public static Tensor operator *(double s, Tensor a) => BinaryScalar(Native.BinaryOp.Mul, a, s, false);
    public static Tensor operator *(long s, Tensor a) => BinaryScalar(Native.BinaryOp.Mul, a, s, true);

    public static Tensor operator /(Tensor a, Tensor b) => Binary(Native.BinaryOp.Div, a, b);
    public static Tensor operator /(Tensor a, double s) => BinaryScalar(Native.BinaryOp.Div, a, s, false);
    public static Tensor operator /(Tensor a, long s) => BinaryScalar(Native.BinaryOp.Div, a, s, true);
    public static Tensor operator /(double s, Tensor a) => BinaryScalar(Native.BinaryOp.RDiv, a, s, false);

    public static Tensor operator %(Tensor a, Tensor b) => Binary(Native.BinaryOp.Remainder, a, b);
    public static Tensor operator %(Tensor a, double s) => BinaryScalar(Native.BinaryOp.Remainder, a, s, false);
    public static Tensor operator %(Tensor a, long s) => BinaryScalar(Native.BinaryOp.Remainder, a, s, true);

    public static Tensor operator -(Tensor a) => Unary(Native.UnaryOp.Neg, a);

    public static Tensor operator <(Tensor a, Tensor b) => Binary(Native.BinaryOp.Lt, a, b);
    public static Tensor operator >(Tensor a, Tensor b) => Binary(Native.BinaryOp.Gt, a, b);
    public static Tensor operator <=(Tensor a, Tensor b) => Binary(Native.BinaryOp.Le, a, b);
    public static Tensor operator >=(Tensor a, Tensor b) => Binary(Native.BinaryOp.Ge, a, b);
    public static Tensor operator <(Tensor a, double s) => BinaryScalar(Native.BinaryOp.Lt, a, s, false);
    public static Tensor operator >(Tensor a, double s) => BinaryScalar(Native.BinaryOp.Gt, a, s, false);
    public static Tensor operator <=(Tensor a, double s) => BinaryScalar(Native.BinaryOp.Le, a, s, false);
    public static Tensor operator >=(Tensor a, double s) => BinaryScalar(Native.BinaryOp.Ge, a, s, false);

    // Boolean algebra on masks; on integer tensors these are the bitwise ops, as in PyTorch.
    public static Tensor operator &(Tensor a, Tensor b) => Binary(Native.BinaryOp.BitwiseAnd, a, b);
    public static Tensor operator |(Tensor a, Tensor b) => Binary(Native.BinaryOp.BitwiseOr, a, b);
    public static Tensor operator ^(Tensor a, Tensor b) => Binary(Native.BinaryOp.BitwiseXor, a, b);
    public static Tensor operator ~(Tensor a) => Unary(Native.UnaryOp.BitwiseNot, a);
    public static Tensor operator !(Tensor a) => Unary(Native.UnaryOp.LogicalNot, a);
}
