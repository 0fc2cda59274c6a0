using Halos.Torch;

namespace Halos.Trainers.Metrics;

/// <summary>
/// Pairwise statistics of ranked lists, over every ordered pair (i better than j, both present): the fraction with
/// s_i &gt; s_j strictly (a tie counts as wrong, as for paired accuracy) and the mean gap s_i − s_j.
/// </summary>
public static class RankedPairs
{
    public static (double Accuracy, double MeanMargin, long Pairs) Of(Tensor scores, Tensor present)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var s = scores.detach().to(ScalarType.Float64);
        var mask = present.to(ScalarType.Float64);
        var gap = s.unsqueeze(2) - s.unsqueeze(1);                       // gap[b, i, j] = s_i − s_j
        var better = torch.ones_like(gap.select(0, 0)).triu(1).unsqueeze(0); // i ranked above j
        var pairs = better * mask.unsqueeze(2) * mask.unsqueeze(1);
        var count = pairs.sum().item<double>();
        if (count == 0) return (double.NaN, double.NaN, 0);
        var correct = ((gap > 0).to(ScalarType.Float64) * pairs).sum().item<double>();
        var margin = (gap * pairs).sum().item<double>();
        return (correct / count, margin / count, (long)count);
    }
}
