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
    public static Tensor linear_log_probs(Tensor hidden, Tensor weight, Tensor targets, long chunk, double softcap = 0) =>
        LinearLogProbs(hidden, weight, targets, chunk, softcap, entropy: null);

    /// <summary>
    /// <see cref="linear_log_probs(Tensor, Tensor, Tensor, long, double)"/>, and from the same chunks of logits each row's
    /// entropy of softmax(hidden · weightᵀ) in nats, [N] float32 with no gradient (TRL's GRPO <c>entropy</c>): no second
    /// pass of the head, at the cost of one more chunk of scratch.
    /// </summary>
    public static (Tensor LogProbs, Tensor Entropy) linear_log_probs_and_entropy(Tensor hidden, Tensor weight, Tensor targets, long chunk, double softcap = 0)
    {
        var entropy = torch.empty([hidden.size(0)], ScalarType.Float32, hidden.device);
        try
        {
            return (LinearLogProbs(hidden, weight, targets, chunk, softcap, entropy), entropy);
        }
        catch
        {
            entropy.Dispose();
            throw;
        }
    }

    private static Tensor LinearLogProbs(Tensor hidden, Tensor weight, Tensor targets, long chunk, double softcap, Tensor? entropy)
    {
        var r = Lib.ht_linear_log_probs(hidden.Handle, weight.Handle, targets.Handle, chunk, softcap, entropy?.Handle ?? IntPtr.Zero);
        GC.KeepAlive(hidden);
        GC.KeepAlive(weight);
        GC.KeepAlive(targets);
        GC.KeepAlive(entropy);
        return Tensor.Wrap(r);
    }

    /// <summary>
    /// <see cref="linear_log_probs(Tensor, Tensor, Tensor, long)"/> at the positions <paramref name="mask"/> marks, for any
    /// leading shape: <paramref name="hidden"/> [..., H], <paramref name="targets"/> [...] (any integer type; unread where the
    /// mask is false), <paramref name="mask"/> [...] (bool) → [...] float32, zero where the mask is false and differentiable
    /// like the unmasked form. Only the marked positions reach the head; they are picked on the device, with no copy of
    /// the mask to the host (a sync per call on a GPU).
    /// </summary>
    public static Tensor linear_log_probs(Tensor hidden, Tensor weight, Tensor targets, Tensor mask, long chunk, double softcap = 0) =>
        MaskedLinearLogProbs(hidden, weight, targets, mask, chunk, softcap, entropy: false).LogProbs;

    /// <summary>
    /// <see cref="linear_log_probs(Tensor, Tensor, Tensor, Tensor, long, double)"/> with each marked position's entropy
    /// (<see cref="linear_log_probs_and_entropy(Tensor, Tensor, Tensor, long, double)"/>), [...] float32, zero where the mask is false.
    /// </summary>
    public static (Tensor LogProbs, Tensor Entropy) linear_log_probs_and_entropy(Tensor hidden, Tensor weight, Tensor targets, Tensor mask, long chunk, double softcap = 0)
    {
        var (logProbs, entropy) = MaskedLinearLogProbs(hidden, weight, targets, mask, chunk, softcap, entropy: true);
        return (logProbs, entropy!);
    }

    private static (Tensor LogProbs, Tensor? Entropy) MaskedLinearLogProbs(Tensor hidden, Tensor weight, Tensor targets, Tensor mask, long chunk, double softcap, bool entropy)
    {
        // The picking and scattering around the head belong to it in a profile.
        using var range = OpProfiler.record_function("halos::linear_log_probs");
        using var scope = torch.NewDisposeScope();
        var flatHidden = hidden.reshape(-1, hidden.size(-1));
        var positions = torch.arange(0, flatHidden.size(0), dtype: ScalarType.Int64, device: hidden.device).masked_select(mask.reshape(-1).@bool());
        var flatTargets = targets.reshape(-1).to(ScalarType.Int64).index_select(0, positions);
        var picked = flatHidden.index_select(0, positions);
        var (logProbs, rowEntropy) = entropy
            ? linear_log_probs_and_entropy(picked, weight, flatTargets, chunk, softcap)
            : (linear_log_probs(picked, weight, flatTargets, chunk, softcap), null);
        Tensor Scatter(Tensor values) => torch.zeros([flatHidden.size(0)], ScalarType.Float32, hidden.device).scatter(0, positions, values).view(targets.shape);
        var all = Scatter(logProbs);
        if (rowEntropy is null) return (scope.MoveToOuter(all), null);
        var entropies = Scatter(rowEntropy);
        scope.MoveToOuter(all, entropies);
        return (all, entropies);
    }
}
