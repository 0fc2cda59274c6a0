using Halos.Torch;

namespace Halos.Models.LogProbs;

/// <summary>
/// Per-token log-probabilities of the labels under a causal LM: entry t of the result is
/// log p(labels[t+1] | tokens ≤ t), and 0 where labels[t+1] is <see cref="IgnoreIndex"/> (the
/// prompt and the padding). The chunked path applies the LM head to a slice of positions at a
/// time, so the [B, T, V] float32 logits never exist at once: at a 150k vocabulary and 1024
/// tokens those alone are 600 MB per row.
/// </summary>
public static class TokenLogProbs
{
    public const long IgnoreIndex = -100;

    /// <summary>The naive path: from full logits [B, T, V] and labels [B, T] → [B, T-1] float32.</summary>
    public static Tensor FromLogits(Tensor logits, Tensor labels)
    {
        CheckLabels(labels, logits.size(0), logits.size(1));
        using var scope = torch.NewDisposeScope();
        var length = logits.size(1);
        var shifted = logits.narrow(1, 0, length - 1);
        var targets = labels.narrow(1, 1, length - 1);
        var keep = targets.ne(IgnoreIndex);
        var safeTargets = targets.masked_fill(keep.logical_not(), 0);
        var logp = F.log_softmax(shifted, -1, ScalarType.Float32).gather(2, safeTargets.unsqueeze(-1)).squeeze(-1);
        return scope.MoveToOuter(logp.masked_fill(keep.logical_not(), 0));
    }

    /// <summary>
    /// The chunked path: from final hidden states [B, T, H] and the head weight [V, H], applying the
    /// head only at labelled positions, <paramref name="chunkPositions"/> at a time
    /// (<see cref="F.default_log_prob_chunk"/> by default), in the forward and again in the backward
    /// (<see cref="F.linear_log_probs(Tensor, Tensor, Tensor, Tensor, long)"/>): the logits never exist
    /// in full, with or without gradients. Agrees with <see cref="FromLogits"/> to float32 rounding,
    /// in value and gradient. A positive <paramref name="softCap"/> caps the logits first, c·tanh(logits / c), as
    /// Gemma 2's head does (<see cref="Architectures.CausalLanguageModel.LogitSoftCap"/>).
    /// </summary>
    public static Tensor FromHidden(Tensor hidden, Tensor headWeight, Tensor labels, long? chunkPositions = null, double softCap = 0)
    {
        var length = hidden.size(1);
        CheckLabels(labels, hidden.size(0), length);
        var chunk = chunkPositions ?? F.default_log_prob_chunk(headWeight.size(0));
        if (chunk <= 0) throw new ArgumentOutOfRangeException(nameof(chunkPositions), $"chunk size must be positive, got {chunk}");
        using var scope = torch.NewDisposeScope();
        var targets = labels.narrow(1, 1, length - 1);
        return scope.MoveToOuter(F.linear_log_probs(hidden.narrow(1, 0, length - 1), headWeight, targets, targets.ne(IgnoreIndex), chunk, softCap));
    }

    /// <summary>Labels from input ids: a copy with the first <paramref name="promptLengths"/>[b]
    /// tokens and the positions where the attention mask is 0 set to <see cref="IgnoreIndex"/>.</summary>
    public static Tensor Labels(Tensor inputIds, Tensor? attentionMask, long[] promptLengths)
    {
        var (batch, length) = (inputIds.size(0), inputIds.size(1));
        if (promptLengths.Length != batch)
            throw new ArgumentException($"{promptLengths.Length} prompt lengths for a batch of {batch}");
        using var scope = torch.NewDisposeScope();
        var positions = torch.arange(length, device: inputIds.device).unsqueeze(0).expand(batch, length);
        var prompt = positions.lt(torch.tensor(promptLengths, batch).to(inputIds.device).unsqueeze(1));
        var ignore = attentionMask is null ? prompt : prompt.logical_or(attentionMask.eq(0));
        return scope.MoveToOuter(inputIds.to(ScalarType.Int64).masked_fill(ignore, IgnoreIndex));
    }

    private static void CheckLabels(Tensor labels, long batch, long length)
    {
        if (labels.dim() != 2 || labels.size(0) != batch || labels.size(1) != length)
            throw new ArgumentException($"labels must be [{batch}, {length}] like the inputs, got [{string.Join(", ", labels.shape)}]");
        if (length < 2) throw new ArgumentException($"log-probs need at least 2 tokens per row, got {length}");
    }
}
