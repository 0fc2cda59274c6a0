namespace Halos.Torch.Native;

// These numbers mirror the switch statements in native/src/*.cpp.

internal enum UnaryOp
{
    Neg = 0, Exp, Log, Sqrt, Rsqrt, Abs, Sigmoid, LogSigmoid, Relu, Gelu, GeluTanh, Silu, Tanh, Softplus,
    LogicalNot, Contiguous, Detach, Clone, Sin, Cos, Log1p, Expm1, Floor, Ceil, Round, Sign, Square,
    Reciprocal, IsNan, IsInf, IsFinite, Erf, T, BitwiseNot, Log2, Trunc, ZerosLike, OnesLike, RandnLike,
    RandLike, EmptyLike,
}

internal enum BinaryOp
{
    Add = 0, Sub, Mul, Div, Pow, Minimum, Maximum, Eq, Ne, Lt, Le, Gt, Ge, LogicalAnd, LogicalOr,
    LogicalXor, Remainder, FloorDivide, BitwiseAnd, BitwiseOr, BitwiseXor, Atan2, Fmod,

    // With a scalar operand, Minimum/Maximum codes mean clamp_min/clamp_max.
    ClampMin = Minimum, ClampMax = Maximum,

    // Scalar-only forms: the scalar is the left operand.
    RSub = 100, RDiv = 101, RPow = 102,

    // In-place only.
    Copy = 200, Fill = 201,
}

internal enum ReduceOp { Sum = 0, Mean, Prod, Amax, Amin, LogSumExp, All, Any, NanSum }

internal enum ShapeOp { View = 0, Reshape, Expand, Permute, Repeat }

internal enum BlasOp { Matmul = 0, Mm, Bmm, Outer, Dot }
