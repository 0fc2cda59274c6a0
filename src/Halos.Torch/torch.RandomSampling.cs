using Halos.Torch.Native;

namespace Halos.Torch;

// PyTorch docs: "Random sampling".
public static partial class torch
{
    private static unsafe Tensor Random(int kind, long[] shape, ScalarType dtype, Device? device, bool requiresGrad)
    {
        var d = device ?? Device.CPU;
        fixed (long* s = shape)
            return Tensor.Wrap(Lib.ht_random(kind, s, shape.Length, (int)dtype, (int)d.Type, d.NativeIndex, requiresGrad ? 1 : 0));
    }

    /// <summary>Uniform samples from [0, 1).</summary>
    public static Tensor rand(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Random(0, shape, dtype, device, requires_grad);

    /// <summary>Standard normal samples.</summary>
    public static Tensor randn(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Random(1, shape, dtype, device, requires_grad);

    public static Tensor rand(params long[] shape) => rand(shape, ScalarType.Float32);
    public static Tensor randn(params long[] shape) => randn(shape, ScalarType.Float32);
    public static Tensor randn_like(Tensor t) => Tensor.Unary(UnaryOp.RandnLike, t);
    public static Tensor rand_like(Tensor t) => Tensor.Unary(UnaryOp.RandLike, t);

    /// <summary>Integers uniform in [low, high).</summary>
    public static unsafe Tensor randint(long low, long high, long[] shape, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        var d = device ?? Device.CPU;
        fixed (long* s = shape)
            return Tensor.Wrap(Lib.ht_randint(low, high, s, shape.Length, (int)dtype, (int)d.Type, d.NativeIndex));
    }

    public static Tensor randperm(long n, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return Tensor.Wrap(Lib.ht_randperm(n, (int)dtype, (int)d.Type, d.NativeIndex));
    }

    public static Tensor multinomial(Tensor probs, long num_samples, bool replacement = false) => probs.multinomial(num_samples, replacement);
    public static (Tensor values, Tensor indices) topk(Tensor x, long k, long dim = -1, bool largest = true, bool sorted = true) => x.topk(k, dim, largest, sorted);
    public static (Tensor values, Tensor indices) sort(Tensor x, long dim = -1, bool descending = false, bool stable = false) => x.sort(dim, descending, stable);
}
