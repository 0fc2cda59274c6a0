using Halos.Torch;

namespace Halos.Trainers.Forward;

/// <summary>
/// Per-token log-probabilities of the completion tokens of a batch of rows: <see cref="PerToken"/> [N, T-1]
/// float32, where entry t is log p(token t+1 | tokens ≤ t), zero outside <see cref="Mask"/> [N, T-1] (bool),
/// which marks the completion tokens (the loss mask shifted by one, as each position predicts the next token).
/// </summary>
public sealed record CompletionLogProbs(Tensor PerToken, Tensor Mask)
{
    /// <summary>Summed over each row's completion, [N].</summary>
    public Tensor Sum() => PerToken.sum(-1);

    /// <summary>Completion tokens per row, [N] float32.</summary>
    public Tensor Lengths() => Mask.to(ScalarType.Float32).sum(-1);

    /// <summary>Rows <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> (views).</summary>
    public CompletionLogProbs Rows(long start, long count) => new(PerToken.narrow(0, start, count), Mask.narrow(0, start, count));

    /// <summary>The completion mask [N, T-1] of a loss mask [N, T].</summary>
    public static Tensor ShiftedMask(Tensor lossMask) => lossMask.narrow(1, 1, lossMask.size(1) - 1).to(ScalarType.Bool);

    /// <summary>
    /// From final hidden states [N, T, H] and the head W [V, H] (logits = hidden · Wᵀ), applying the head only at the
    /// completion positions, <paramref name="chunkPositions"/> rows at a time in the forward and again in the
    /// backward (<see cref="F.linear_log_probs"/>): the [N, T, V] logits never exist, with or without gradients.
    /// Agrees with <see cref="FromLogits"/> to float32 rounding, in value and gradient. A positive <paramref name="softCap"/>
    /// caps the logits as the model's head does (<see cref="Halos.Abstractions.Models.IHiddenStateLanguageModel.LogitSoftCap"/>).
    /// </summary>
    public static CompletionLogProbs FromHidden(Tensor hidden, Tensor headWeight, Tensor inputIds, Tensor lossMask, long? chunkPositions = null,
        double softCap = 0)
    {
        var length = inputIds.size(1);
        if (length < 2) throw new ArgumentException($"a completion log-prob needs at least 2 tokens per row, got {length}");
        var chunk = chunkPositions ?? F.default_log_prob_chunk(headWeight.size(0));
        using var scope = torch.NewDisposeScope();
        var mask = ShiftedMask(lossMask);
        // Prompt and padding positions never reach the head: on a typical preference batch that is a quarter or more.
        var perToken = F.linear_log_probs(hidden.narrow(1, 0, length - 1), headWeight, inputIds.narrow(1, 1, length - 1), mask, chunk, softCap);
        scope.MoveToOuter(perToken, mask);
        return new CompletionLogProbs(perToken, mask);
    }

    /// <summary>
    /// From logits [N, T, V] of input ids [N, T]. log p = logit of the target − logsumexp of the row, which never
    /// writes a [N, T, V] log-softmax copy; the arithmetic is float32 even when the logits are bfloat16.
    /// </summary>
    public static CompletionLogProbs FromLogits(Tensor logits, Tensor inputIds, Tensor lossMask)
    {
        var length = inputIds.size(1);
        if (length < 2) throw new ArgumentException($"a completion log-prob needs at least 2 tokens per row, got {length}");
        using var scope = torch.NewDisposeScope();
        var shifted = logits.narrow(1, 0, length - 1).to(ScalarType.Float32);
        var targets = inputIds.narrow(1, 1, length - 1).to(ScalarType.Int64);
        var mask = ShiftedMask(lossMask);
        var picked = shifted.gather(2, targets.unsqueeze(-1)).squeeze(-1);
        var perToken = (picked - shifted.logsumexp(-1)).masked_fill(mask.logical_not(), 0);
        scope.MoveToOuter(perToken, mask);
        return new CompletionLogProbs(perToken, mask);
    }
}
