using Halos.Torch.Native;

namespace Halos.Torch;

public static partial class F
{
    /// <summary>
    /// The chunk <see cref="linear_log_probs"/> callers use by default: the rows whose float32 logits fill about
    /// 64 MB, whatever the vocabulary.
    /// </summary>
    public static long default_log_prob_chunk(long vocab) => Math.Max(1, 16_000_000 / Math.Max(1, vocab));

    /// <summary>
    /// log softmax(hidden · weightᵀ)[target] per row: <paramref name="hidden"/> [N, H], <paramref name="weight"/> [V, H]
    /// (a language-model head), <paramref name="targets"/> [N] int64 → [N] float32, differentiable in hidden and weight.
    /// Equal to <c>log_softmax(linear(hidden, weight), -1).gather(1, targets)</c>, but neither direction ever holds more
    /// than <paramref name="chunk"/> rows of [N, V] logits: the forward keeps one logsumexp per row and the backward
    /// recomputes the logits chunk by chunk (one extra head matmul, in exchange for the [N, V] activations).
    /// </summary>
    public static Tensor linear_log_probs(Tensor hidden, Tensor weight, Tensor targets, long chunk)
    {
        var r = Lib.ht_linear_log_probs(hidden.Handle, weight.Handle, targets.Handle, chunk);
        GC.KeepAlive(hidden);
        GC.KeepAlive(weight);
        GC.KeepAlive(targets);
        return Tensor.Wrap(r);
    }
}
