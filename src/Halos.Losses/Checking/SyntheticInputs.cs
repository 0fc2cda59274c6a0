using Halos.Abstractions.Losses;
using Halos.Torch;

namespace Halos.Losses.Checking;

/// <summary>
/// Plausible float64 inputs for checking a loss, made from each input's declaration (<see cref="InputCatalog"/>):
/// negative log-probs whose sums agree with their per-token values, prefix masks of different lengths, lists of
/// different lengths, two groups of two completions. Only the inputs the script reads are filled; the float ones
/// (not lengths or masks) are leaves that require grad.
/// </summary>
public static class SyntheticInputs
{
    public const long Batch = 4, Tokens = 5, ListLength = 4, GroupSize = 2;
    private static readonly long[] TokenCounts = [5, 3, 4, 2];
    private static readonly long[] ListCounts = [4, 3, 4, 2];

    public static LossInputs For(IReadOnlyCollection<string> inputs, ulong seed = 0)
    {
        torch.manual_seed(seed);
        var tokenMask = PrefixMask(TokenCounts, Tokens);
        var listMask = PrefixMask(ListCounts, ListLength);
        var lengths = torch.tensor(TokenCounts.Select(c => (double)c).ToArray(), Batch);

        // Every declared input gets a value from its declaration (shape, element, name pattern), so a new input needs
        // nothing here: per-token values first, so that a summed input agrees with its per-token partner.
        var all = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var field in InputCatalog.Fields.OrderBy(f => f.IsPerToken ? 0 : 1))
            all[field.Name] = Value(field, all, tokenMask, listMask, lengths);

        var chosen = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var name in inputs)
        {
            if (!all.TryGetValue(name, out var t)) continue;
            chosen[name] = IsDifferentiable(name) ? t.detach().clone().requires_grad_() : t;
        }
        return InputCatalog.Build(chosen, inputs.Contains(InputCatalog.GroupSizeName) ? GroupSize : 0);
    }

    private static Tensor Value(InputField field, Dictionary<string, Tensor> made, Tensor tokenMask, Tensor listMask, Tensor lengths)
    {
        var isLogProb = field.Name.StartsWith("Policy", StringComparison.Ordinal) || field.Name.StartsWith("Reference", StringComparison.Ordinal)
                        || field.Name.StartsWith("OldPolicy", StringComparison.Ordinal);
        return (field.Element, field.Shape) switch
        {
            (InputElement.Bool, "[B, T]") => tokenMask,
            (InputElement.Bool, "[B, N]") => listMask,
            // Both labels present, and one group of two with a completion left unscored.
            (InputElement.Bool, _) => torch.tensor(field.Name == "Scored" ? new[] { true, true, true, false } : new[] { true, false, true, false }, Batch),
            (_, "[B, T]") => isLogProb ? LogProbs(Batch, Tokens) : torch.randn([Batch, Tokens], ScalarType.Float64),
            (_, "[B, N]") => 2 * torch.randn([Batch, ListLength], ScalarType.Float64),
            _ when field.Name.EndsWith("Lengths", StringComparison.Ordinal) => lengths,
            // A sum agrees with its per-token values under the completion mask.
            _ when made.TryGetValue(field.Name + "PerToken", out var perToken) => (perToken * tokenMask.to(ScalarType.Float64)).sum(-1),
            _ when isLogProb => LogProbs(Batch, Tokens).sum(-1),
            _ when field.Name == "Margin" => torch.rand([Batch], ScalarType.Float64),
            _ => 2 * torch.randn([Batch], ScalarType.Float64),
        };
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
