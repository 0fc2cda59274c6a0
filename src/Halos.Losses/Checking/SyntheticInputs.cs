using Halos.Abstractions.Losses;
using Halos.Losses.Inputs;
using Halos.Torch;

namespace Halos.Losses.Checking;

/// <summary>
/// Plausible float64 inputs for checking a loss: negative log-probs whose sums agree with their
/// per-token values, prefix masks of different lengths, lists of different lengths, two groups
/// of two completions. Only the inputs the script reads are filled; the float ones (not lengths
/// or masks) are leaves that require grad.
/// </summary>
public static class SyntheticInputs
{
    public const long Batch = 4, Tokens = 5, ListLength = 4, GroupSize = 2;
    private static readonly long[] TokenCounts = [5, 3, 4, 2];
    private static readonly long[] ListCounts = [4, 3, 4, 2];

    public static LossInputs For(IReadOnlyCollection<string> inputs, ulong seed = 0)
    {
        torch.manual_seed(seed);
        var all = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var tokenMask = PrefixMask(TokenCounts, Tokens);
        var lengths = torch.tensor(TokenCounts.Select(c => (double)c).ToArray(), Batch);

        foreach (var side in new[] { "Chosen", "Rejected", "" })
        {
            var mask = side == "" ? "Mask" : side + "Mask";
            all[mask] = tokenMask;
            all[side == "" ? "Lengths" : side + "Lengths"] = lengths;
            foreach (var model in new[] { "Policy", "Reference" })
            {
                var perToken = LogProbs(Batch, Tokens);
                all[$"{model}{side}PerToken"] = perToken;
                all[$"{model}{side}"] = (perToken * tokenMask.to(ScalarType.Float64)).sum(-1);
            }
        }
        all["OldPolicyPerToken"] = LogProbs(Batch, Tokens);
        all["PolicyKL"] = LogProbs(Batch, Tokens).sum(-1);
        all["ReferenceKL"] = LogProbs(Batch, Tokens).sum(-1);
        all["Desirable"] = torch.tensor(new[] { true, false, true, false }, Batch);
        all["RankedScores"] = 2 * torch.randn([Batch, ListLength], ScalarType.Float64);
        all["RankedMask"] = PrefixMask(ListCounts, ListLength);
        all["ChosenScores"] = 2 * torch.randn([Batch], ScalarType.Float64);
        all["RejectedScores"] = 2 * torch.randn([Batch], ScalarType.Float64);
        all["Margin"] = torch.rand([Batch], ScalarType.Float64);
        all["Advantages"] = torch.randn([Batch, Tokens], ScalarType.Float64);
        all["Values"] = torch.randn([Batch, Tokens], ScalarType.Float64);
        all["Returns"] = torch.randn([Batch, Tokens], ScalarType.Float64);
        all["Rewards"] = torch.randn([Batch], ScalarType.Float64);
        all["Scored"] = torch.tensor(new[] { true, true, true, false }, Batch);

        var chosen = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var name in inputs)
        {
            if (!all.TryGetValue(name, out var t)) continue;
            chosen[name] = IsDifferentiable(name) ? t.detach().clone().requires_grad_() : t;
        }
        return LossInputsBuilder.Build(chosen, inputs.Contains(InputCatalog.GroupSizeName) ? GroupSize : 0);
    }

    /// <summary>Float inputs other than lengths: the ones a gradient check differences.</summary>
    public static bool IsDifferentiable(string name) =>
        InputCatalog.Find(name) is { Element: InputElement.Float } && !name.EndsWith("Lengths", StringComparison.Ordinal);

    private static Tensor LogProbs(params long[] shape) =>
        -(F.softplus(torch.randn(shape, ScalarType.Float64)) + 0.05);

    private static Tensor PrefixMask(long[] counts, long width)
    {
        var values = new bool[counts.Length * width];
        for (var b = 0; b < counts.Length; b++)
            for (var t = 0; t < counts[b]; t++) values[b * width + t] = true;
        return torch.tensor(values, counts.Length, width);
    }
}
