using Halos.Torch.Native;
using Halos.Torch.Profiling;

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
    /// A positive <paramref name="softcap"/> caps the logits as softcap · tanh(logits / softcap) before the softmax
    /// (Gemma 2's <c>final_logit_softcapping</c>); 0 leaves them as they are.
    /// </summary>
    public static Tensor linear_log_probs(Tensor hidden, Tensor weight, Tensor targets, long chunk, double softcap = 0)
    {
        var r = Lib.ht_linear_log_probs(hidden.Handle, weight.Handle, targets.Handle, chunk, softcap);
        GC.KeepAlive(hidden);
        GC.KeepAlive(weight);
        GC.KeepAlive(targets);
        return Tensor.Wrap(r);
    }

    /// <summary>
    /// <see cref="linear_log_probs(Tensor, Tensor, Tensor, long)"/> at the positions <paramref name="mask"/> marks, for any
    /// leading shape: <paramref name="hidden"/> [..., H], <paramref name="targets"/> [...] (any integer type; unread where the
    /// mask is false), <paramref name="mask"/> [...] (bool) → [...] float32, zero where the mask is false and differentiable
    /// like the unmasked form. Only the marked positions reach the head; they are picked on the device, with no copy of
    /// the mask to the host (a sync per call on a GPU).
    /// </summary>
    public static Tensor linear_log_probs(Tensor hidden, Tensor weight, Tensor targets, Tensor mask, long chunk, double softcap = 0)
    {
        // The picking and scattering around the head belong to it in a profile.
        using var range = OpProfiler.record_function("halos::linear_log_probs");
        using var scope = torch.NewDisposeScope();
        var flatHidden = hidden.reshape(-1, hidden.size(-1));
        var positions = torch.arange(0, flatHidden.size(0), dtype: ScalarType.Int64, device: hidden.device).masked_select(mask.reshape(-1).@bool());
        var flatTargets = targets.reshape(-1).to(ScalarType.Int64).index_select(0, positions);
        var logProbs = linear_log_probs(flatHidden.index_select(0, positions), weight, flatTargets, chunk, softcap);
        var all = torch.zeros([flatHidden.size(0)], ScalarType.Float32, hidden.device).scatter(0, positions, logProbs);
        return scope.MoveToOuter(all.view(targets.shape));
    }
}
