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
    /// exceeds it. A token of probability 0 is never picked (its running sum equals its predecessor's).
    /// </summary>
    /// <remarks>The probabilities are softmax's, in float32; their running sum is float64, as torch.multinomial's.</remarks>
    public static Tensor InverseCdf(Tensor logProbabilities, Tensor uniforms)
    {
        var (tokens, logProbs) = Sample(logProbabilities, uniforms);
        logProbs.Dispose();
        return tokens;
    }

    /// <summary>
    /// <see cref="InverseCdf"/>'s tokens [B] with each one's log-probability [B] (float32) under the row's distribution,
    /// in one native pass per row (<see cref="F.inverse_cdf_sample"/>).
    /// </summary>
    public static (Tensor Tokens, Tensor LogProbs) Sample(Tensor logits, Tensor uniforms) =>
        F.inverse_cdf_sample(logits, uniforms.to(ScalarType.Float64));
}
