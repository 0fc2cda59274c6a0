using Halos.Torch.Native;

namespace Halos.Torch;

public static partial class F
{
    /// <summary>
    /// One token per row of <paramref name="logits"/> [B, V]: the first whose running probability mass (softmax in
    /// float32, summed in float64) exceeds <paramref name="uniforms"/>[b] (float64, [0, 1)) times the row's total, a token
    /// of probability 0 never picked; with its log-probability (of softmax's float32 probability). On the CPU the whole draw is one
    /// native pass per row, with none of the [B, V] float64 intermediates the tensor-op spelling needs.
    /// </summary>
    public static unsafe (Tensor Tokens, Tensor LogProbs) inverse_cdf_sample(Tensor logits, Tensor uniforms)
    {
        IntPtr tokens, logProbs;
        Check.Status(Lib.ht_inverse_cdf_sample(logits.Handle, uniforms.Handle, &tokens, &logProbs));
        GC.KeepAlive(logits);
        GC.KeepAlive(uniforms);
        return (new Tensor(tokens), new Tensor(logProbs));
    }
}
