using Halos.Torch;

namespace Halos.Trainers.Forward;

/// <summary>
/// Per-token log-probabilities of the completion tokens of a batch of rows: <see cref="PerToken"/> [N, T-1]
/// float32, where entry t is log p(token t+1 | tokens ≤ t), zero outside <see cref="Mask"/> [N, T-1] (bool),
/// which marks the completion tokens (the loss mask shifted by one, as each position predicts the next token).
/// <see cref="MeanLogits"/> [N, T-1] holds, for the logs, each position's logits averaged over the vocabulary (TRL's
/// <c>logits/chosen</c> is their mean over the completion tokens), and <see cref="Correct"/> [N, T-1] (float32), when
/// asked for, 1 where the most likely token is the labelled one (SFT's <c>mean_token_accuracy</c>). Neither carries gradients.
/// </summary>
public sealed record CompletionLogProbs(Tensor PerToken, Tensor Mask)
{
    public Tensor? MeanLogits { get; init; }

    public Tensor? Correct { get; init; }

    /// <summary>Each completion position's entropy of the next-token distribution, in nats, [N, T-1] float32 (no gradient); null when not asked for.</summary>
    public Tensor? Entropy { get; init; }

    /// <summary><see cref="Entropy"/> at the completion tokens of the rows <paramref name="rowFilter"/> marks, flattened [M]; null when not measured.</summary>
    public Tensor? CompletionEntropy(Tensor? rowFilter = null) => Entropy?.masked_select(Completion(rowFilter));

    /// <summary><see cref="MeanLogits"/> at the completion tokens, flattened [M]; null when not measured.</summary>
    public Tensor? CompletionMeanLogits(Tensor? rowFilter = null) => MeanLogits is null ? null : MeanLogits.masked_select(Completion(rowFilter));

    /// <summary><see cref="Correct"/> at the completion tokens as 0/1, flattened [M]; null when not measured.</summary>
    public Tensor? CompletionCorrect() => Correct?.masked_select(Mask);

    /// <summary>The completion mask, limited to the rows <paramref name="rowFilter"/> [N] (bool) marks.</summary>
    private Tensor Completion(Tensor? rowFilter) => rowFilter is null ? Mask : Mask.logical_and(rowFilter.to(ScalarType.Bool).unsqueeze(1));

    /// <summary>Summed over each row's completion, [N].</summary>
    public Tensor Sum() => PerToken.sum(-1);

    /// <summary>Completion tokens per row, [N] float32.</summary>
    public Tensor Lengths() => Mask.to(ScalarType.Float32).sum(-1);

    /// <summary>Rows <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> (views).</summary>
    public CompletionLogProbs Rows(long start, long count) => new(PerToken.narrow(0, start, count), Mask.narrow(0, start, count))
    {
        MeanLogits = MeanLogits?.narrow(0, start, count),
        Correct = Correct?.narrow(0, start, count),
        Entropy = Entropy?.narrow(0, start, count),
    };

    /// <summary>The completion mask [N, T-1] of a loss mask [N, T].</summary>
    public static Tensor ShiftedMask(Tensor lossMask) => lossMask.narrow(1, 1, lossMask.size(1) - 1).to(ScalarType.Bool);

    /// <summary>
    /// From final hidden states [N, T, H] and the head W [V, H] (logits = hidden · Wᵀ), applying the head only at the
    /// completion positions, <paramref name="chunkPositions"/> rows at a time in the forward and again in the
    /// backward (<see cref="F.linear_log_probs"/>): the [N, T, V] logits never exist, with or without gradients.
    /// Agrees with <see cref="FromLogits"/> to float32 rounding, in value and gradient. A positive <paramref name="softCap"/>
    /// caps the logits as the model's head does (<see cref="Halos.Abstractions.Models.IHiddenStateLanguageModel.LogitSoftCap"/>).
    /// </summary>
    /// <param name="tokenAccuracy">Also finds each completion position's most likely token (<see cref="Correct"/>): one more
    /// no-grad pass of the head over the completion positions, chunked like the log-probs.</param>
    /// <param name="entropy">Also measures each completion position's entropy (<see cref="Entropy"/>, TRL's GRPO <c>entropy</c>), from the
    /// log-probs' own chunks of logits.</param>
    public static CompletionLogProbs FromHidden(Tensor hidden, Tensor headWeight, Tensor inputIds, Tensor lossMask, long? chunkPositions = null,
        double softCap = 0, bool tokenAccuracy = false, bool entropy = false)
    {
        var length = inputIds.size(1);
        if (length < 2) throw new ArgumentException($"a completion log-prob needs at least 2 tokens per row, got {length}");
        var chunk = chunkPositions ?? F.default_log_prob_chunk(headWeight.size(0));
        using var scope = torch.NewDisposeScope();
        var mask = ShiftedMask(lossMask);
        // Prompt and padding positions never reach the head: on a typical preference batch that is a quarter or more.
        var positions = hidden.narrow(1, 0, length - 1);
        var targets = inputIds.narrow(1, 1, length - 1);
        // The entropy comes from the log-probs' own chunks of logits: no second pass of the head.
        var (perToken, entropies) = entropy
            ? F.linear_log_probs_and_entropy(positions, headWeight, targets, mask, chunk, softCap)
            : (F.linear_log_probs(positions, headWeight, targets, mask, chunk, softCap), null!);
        Tensor meanLogits, correct;
        using (torch.no_grad())
        {
            // The mean over the vocabulary of h·W_v is h·(mean of W's rows): no [N, T, V] logits needed. Under a soft cap
            // (Gemma 2) this is the mean of the uncapped logits; the argmax below is the same either way (tanh is monotonic).
            var meanRow = headWeight.detach().to(ScalarType.Float32).mean([0L]);
            meanLogits = positions.detach().to(ScalarType.Float32).matmul(meanRow).masked_fill(mask.logical_not(), 0);
            correct = tokenAccuracy ? ArgmaxHits(positions.detach(), headWeight.detach(), targets, mask, chunk) : null!;
        }
        scope.MoveToOuter(perToken, mask, meanLogits);
        if (tokenAccuracy) scope.MoveToOuter(correct);
        if (entropy) scope.MoveToOuter(entropies);
        return new CompletionLogProbs(perToken, mask) { MeanLogits = meanLogits, Correct = tokenAccuracy ? correct : null, Entropy = entropy ? entropies : null };
    }

    /// <summary>The entropy of softmax(logits) along the last dimension.</summary>
    private static Tensor EntropyOf(Tensor logits) => logits.logsumexp(-1) - (F.softmax(logits, -1) * logits).sum(-1);

    /// <summary>Whether the head's most likely token at each marked position is its target, [N, T-1] as 0/1 float32; chunks of positions at a time.</summary>
    private static Tensor ArgmaxHits(Tensor hidden, Tensor headWeight, Tensor targets, Tensor mask, long chunk)
    {
        var flat = hidden.reshape(-1, hidden.size(-1));
        var positions = torch.arange(0, flat.size(0), dtype: ScalarType.Int64, device: hidden.device).masked_select(mask.reshape(-1));
        var picked = flat.index_select(0, positions);
        var wanted = targets.reshape(-1).to(ScalarType.Int64).index_select(0, positions);
        var hits = new List<Tensor>();
        for (long start = 0; start < picked.size(0); start += chunk)
        {
            var rows = Math.Min(chunk, picked.size(0) - start);
            hits.Add(picked.narrow(0, start, rows).matmul(headWeight.t()).argmax(-1).eq(wanted.narrow(0, start, rows)).to(ScalarType.Float32));
        }
        var all = torch.zeros([flat.size(0)], ScalarType.Float32, hidden.device);
        return (hits.Count == 0 ? all : all.scatter(0, positions, torch.cat(hits, 0))).view(targets.shape);
    }

    /// <summary>
    /// From logits [N, T, V] of input ids [N, T]. log p = logit of the target − logsumexp of the row, which never
    /// writes a [N, T, V] log-softmax copy; the arithmetic is float32 even when the logits are bfloat16.
    /// </summary>
    public static CompletionLogProbs FromLogits(Tensor logits, Tensor inputIds, Tensor lossMask, bool tokenAccuracy = false, bool entropy = false)
    {
        var length = inputIds.size(1);
        if (length < 2) throw new ArgumentException($"a completion log-prob needs at least 2 tokens per row, got {length}");
        using var scope = torch.NewDisposeScope();
        var shifted = logits.narrow(1, 0, length - 1).to(ScalarType.Float32);
        var targets = inputIds.narrow(1, 1, length - 1).to(ScalarType.Int64);
        var mask = ShiftedMask(lossMask);
        var picked = shifted.gather(2, targets.unsqueeze(-1)).squeeze(-1);
        var perToken = (picked - shifted.logsumexp(-1)).masked_fill(mask.logical_not(), 0);
        Tensor meanLogits, correct, entropies;
        using (torch.no_grad())
        {
            meanLogits = shifted.detach().mean([-1L]).masked_fill(mask.logical_not(), 0);
            correct = shifted.detach().argmax(-1).eq(targets).logical_and(mask).to(ScalarType.Float32);
            entropies = entropy ? EntropyOf(shifted.detach()).masked_fill(mask.logical_not(), 0) : torch.zeros([1], ScalarType.Float32, logits.device);
        }
        scope.MoveToOuter(perToken, mask, meanLogits, correct, entropies);
        return new CompletionLogProbs(perToken, mask) { MeanLogits = meanLogits, Correct = tokenAccuracy ? correct : null, Entropy = entropy ? entropies : null };
    }
}
