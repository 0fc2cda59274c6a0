using Halos.Torch;

namespace Halos.Abstractions.Generation;

/// <summary>
/// The transformations of one step's logits [B, V] before a token is picked, each a pure function so tests can check
/// them on hand-made distributions. Removed tokens get -∞, so their probability is exactly 0.
/// </summary>
public static class LogitsProcessing
{
    /// <summary>CTRL's repetition penalty on the tokens marked in <paramref name="seen"/> [B, V] (bool).</summary>
    public static Tensor PenaliseRepeats(Tensor scores, Tensor seen, double penalty)
    {
        using var scope = torch.NewDisposeScope();
        var penalised = torch.where(scores.lt(0), scores * penalty, scores / penalty);
        return scope.MoveToOuter(torch.where(seen, penalised, scores));
    }

    /// <summary>Temperature, then top-k, top-p and min-p, as <paramref name="options"/> set them (float32 in, float32 out).</summary>
    public static Tensor Filter(Tensor scores, SamplingOptions options)
    {
        var input = scores;
        using var scope = torch.NewDisposeScope();
        if (options.Temperature != 1) scores = scores / options.Temperature;
        if (options.TopK > 0 && options.TopK < scores.size(-1)) scores = TopK(scores, options.TopK);
        if (options.TopP < 1) scores = TopP(scores, options.TopP);
        if (options.MinP > 0) scores = MinP(scores, options.MinP);
        // Plain sampling (temperature 1, no filter) hands the caller's own tensor back: it is not this scope's to move.
        return ReferenceEquals(scores, input) ? scores : scope.MoveToOuter(scores);
    }

    /// <summary>Keeps the tokens at least as likely as the k-th most likely.</summary>
    public static Tensor TopK(Tensor scores, int k)
    {
        using var scope = torch.NewDisposeScope();
        var (kth, _) = scores.topk(k, -1);
        var threshold = kth.narrow(-1, k - 1, 1);
        return scope.MoveToOuter(scores.masked_fill(scores.lt(threshold), double.NegativeInfinity));
    }

    /// <summary>Removes the tokens outside the smallest most-likely set whose mass reaches p; the top token always stays.</summary>
    public static Tensor TopP(Tensor scores, double p)
    {
        using var scope = torch.NewDisposeScope();
        var (sorted, order) = scores.sort(-1, descending: true);
        var probabilities = F.softmax(sorted, -1);
        var massBefore = probabilities.cumsum(-1) - probabilities;
        var removeSorted = massBefore.ge(p);
        var remove = removeSorted.scatter(-1, order, removeSorted);
        return scope.MoveToOuter(scores.masked_fill(remove, double.NegativeInfinity));
    }

    /// <summary>Removes the tokens whose probability is below <paramref name="minP"/> times the row's largest.</summary>
    public static Tensor MinP(Tensor scores, double minP)
    {
        using var scope = torch.NewDisposeScope();
        var probabilities = F.softmax(scores, -1);
        var floor = probabilities.amax(-1, keepdim: true) * minP;
        return scope.MoveToOuter(scores.masked_fill(probabilities.lt(floor), double.NegativeInfinity));
    }

    /// <summary>
    /// One token per row from log-probabilities (or any logits) [B, V], by inverting each row's cumulative distribution
    /// at the row's uniform number in <paramref name="uniforms"/> [B] (float64): the first token whose cumulative mass
    /// exceeds it. A token of probability 0 is never picked.
    /// </summary>
    /// <remarks>
    /// The probabilities are softmax's, in float32 (one vectorised pass); the cumulative sums are float64, as
    /// torch.multinomial's, so the inversion does not drift over 10⁵ tokens. Two levels keep that cheap: the running sum
    /// over blocks of <see cref="InverseCdfBlock"/> tokens picks the block, and a running sum inside that one block picks
    /// the token, instead of a float64 running sum over the whole vocabulary at every decoding step.
    /// </remarks>
    public static Tensor InverseCdf(Tensor logProbabilities, Tensor uniforms)
    {
        using var scope = torch.NewDisposeScope();
        var vocab = logProbabilities.size(-1);
        var rows = logProbabilities.size(0);
        var probabilities = F.softmax(logProbabilities.to(ScalarType.Float32), -1);
        var blocks = (vocab + InverseCdfBlock - 1) / InverseCdfBlock;
        if (blocks * InverseCdfBlock != vocab)
            probabilities = torch.cat([probabilities, torch.zeros([rows, blocks * InverseCdfBlock - vocab], ScalarType.Float32, probabilities.device)], 1);
        var blocked = probabilities.view(rows, blocks, InverseCdfBlock);

        var blockMass = blocked.to(ScalarType.Float64).sum(-1);                                   // [B, blocks]
        var cumulative = blockMass.cumsum(-1);
        var target = uniforms.unsqueeze(-1) * cumulative.narrow(-1, blocks - 1, 1);                // [B, 1]
        var block = Count(cumulative.le(target)).clamp(null, (double)(blocks - 1));                // [B]
        // The mass before the chosen block is exactly the running sum that was ≤ target (0 for the first block).
        var before = torch.cat([torch.zeros([rows, 1], ScalarType.Float64, probabilities.device), cumulative], 1).gather(1, block.unsqueeze(1));

        var inside = blocked.gather(1, block.view(rows, 1, 1).expand(rows, 1, InverseCdfBlock)).squeeze(1).to(ScalarType.Float64);   // [B, block]
        var offset = Count((before + inside.cumsum(-1)).le(target));
        // Rounding between the block's sum and its running sum could step past the block's end: stay on its last
        // token of positive probability (a block is chosen only when it has some).
        var positions = torch.arange(InverseCdfBlock, ScalarType.Int64, probabilities.device).unsqueeze(0);
        var lastPositive = (inside.gt(0).to(ScalarType.Int64) * positions).amax(-1);
        var index = block * InverseCdfBlock + offset.minimum(lastPositive);
        return scope.MoveToOuter(index.clamp(null, (double)(vocab - 1)));
    }

    /// <summary>Tokens per block of <see cref="InverseCdf"/>'s two-level running sum.</summary>
    public const long InverseCdfBlock = 256;

    /// <summary>How many entries of each row hold, as int64; counted in float32 (exact below 2²⁴), as libtorch 1.13 sums a bool tensor into int64 element by element.</summary>
    private static Tensor Count(Tensor holds) => holds.to(ScalarType.Float32).sum(-1).to(ScalarType.Int64);
}
