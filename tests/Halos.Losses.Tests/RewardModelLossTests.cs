using Halos.Abstractions.Losses;
using Halos.Torch;
using static Halos.Losses.Tests.Scalar;

namespace Halos.Losses.Tests;

/// <summary>Bradley-Terry, rank-list and Plackett-Luce against their definitions, summed by hand over pairs and prefixes.</summary>
public class RewardModelLossTests
{
    [Theory]
    [InlineData(false, 0.0)]
    [InlineData(true, 0.0)]
    [InlineData(true, 0.05)]
    public void BradleyTerry(bool withMargin, double center)
    {
        var script = TestCache.Load("bradley_terry", new Dictionary<string, string> { ["center_rewards_coefficient"] = center.ToString("R") });
        foreach (var (dtype, tol, chosen, rejected) in new[]
                 {
                     (ScalarType.Float64, 1e-12, new[] { 1.5, -0.2, 3.0 }, new[] { 0.5, 0.9, -1.0 }),
                     (ScalarType.Float32, 1e-5, new[] { 50.0, -50.0, 50.0 }, new[] { -50.0, 50.0, 49.0 }),
                 })
        {
            double[] margin = [0.5, 0.0, 2.0];
            using var scope = torch.NewDisposeScope();
            var result = script.Compute(new LossInputs
            {
                ChosenScores = T.Of(dtype, chosen), RejectedScores = T.Of(dtype, rejected),
                Margin = withMargin ? T.Of(dtype, margin) : null,
            });
            var expected = chosen.Select((c, i) =>
                -LogSigmoid(c - rejected[i] - (withMargin ? margin[i] : 0)) + center * Math.Pow(c + rejected[i], 2)).ToArray();
            LossAssert.Close(expected, result.Losses, tol);
            LossAssert.Close(chosen.Zip(rejected, (c, r) => c > r ? 1.0 : 0.0).Average(), result.Metrics["accuracy"], 1e-6, "accuracy");
        }
    }

    private static readonly (ScalarType DType, double Tol, double[,] Scores, bool[,] Mask)[] RankedSets =
    [
        (ScalarType.Float64, 1e-12, new[,] { { 2.0, 1.0, -0.5, 0.3 }, { 0.1, 0.4, -1.0, 9.0 } },
            new[,] { { true, true, true, true }, { true, true, true, false } }),
        (ScalarType.Float32, 1e-5, new[,] { { 50.0, -50.0, 10.0, 0.0 }, { -50.0, 50.0, 0.0, 0.0 } },
            new[,] { { true, true, true, true }, { true, true, false, false } }),
    ];

    private static List<double> Row(double[,] s, bool[,] m, int b) =>
        Enumerable.Range(0, s.GetLength(1)).Where(j => m[b, j]).Select(j => s[b, j]).ToList();

    [Fact]
    public void RankListAveragesBradleyTerryOverAllOrderedPairs()
    {
        var script = TestCache.Load("rank_list");
        foreach (var (dtype, tol, scores, mask) in RankedSets)
        {
            using var scope = torch.NewDisposeScope();
            var result = script.Compute(new LossInputs { RankedScores = T.Of(dtype, scores), RankedMask = T.Mask(mask) });
            var expected = Enumerable.Range(0, scores.GetLength(0)).Select(b =>
            {
                var s = Row(scores, mask, b);
                var pairs = new List<double>();
                for (var i = 0; i < s.Count; i++)
                    for (var j = i + 1; j < s.Count; j++) pairs.Add(-LogSigmoid(s[i] - s[j]));
                return pairs.Average();
            }).ToArray();
            LossAssert.Close(expected, result.Losses, tol);
        }
    }

    [Fact]
    public void RankListNormalisation_PerListByDefault_OrPooledOverTheBatchsPairs()
    {
        // A list of 4 ranked right (gaps 1, 2, 3, 1, 2, 1) and a list of 2 ranked wrong (gap −1).
        var scores = new[,] { { 2.0, 1.0, 0.0, -1.0 }, { 0.0, 1.0, 0.0, 0.0 } };
        var mask = new[,] { { true, true, true, true }, { true, true, false, false } };
        double Sp(double x) => Math.Log(1 + Math.Exp(x)); // −log σ(g) = softplus(−g)
        var four = 3 * Sp(-1) + 2 * Sp(-2) + Sp(-3);
        var two = Sp(1);
        using var scope = torch.NewDisposeScope();
        var inputs = new LossInputs { RankedScores = T.Of(ScalarType.Float64, scores), RankedMask = T.Mask(mask) };

        var perList = TestCache.Load("rank_list").Compute(inputs).Losses;
        LossAssert.Close([four / 6, two], perList, 1e-12);
        var pooled = TestCache.Load("rank_list", new Dictionary<string, string> { ["pool_pairs_over_batch"] = "true" }).Compute(inputs).Losses;
        LossAssert.Close([2 * four / 7, 2 * two / 7], pooled, 1e-12);
        Assert.Equal((four + two) / 7, pooled.mean().item<double>(), 12);
        Assert.Equal((four / 6 + two) / 2, perList.mean().item<double>(), 12);
        Assert.Contains(File.ReadLines(RepoPaths.Loss("rank_list")), l => l.StartsWith("//", StringComparison.Ordinal) && l.Contains("false (default, from Ouyang et al. 2022"));
    }

    [Fact]
    public void PlackettLuceIsTheNegativeLogLikelihoodOfTheOrder()
    {
        var script = TestCache.Load("plackett_luce");
        foreach (var (dtype, tol, scores, mask) in RankedSets)
        {
            using var scope = torch.NewDisposeScope();
            var result = script.Compute(new LossInputs { RankedScores = T.Of(dtype, scores), RankedMask = T.Mask(mask) });
            var expected = Enumerable.Range(0, scores.GetLength(0)).Select(b =>
            {
                var s = Row(scores, mask, b);
                return Enumerable.Range(0, s.Count).Sum(k => LogSumExp(s.Skip(k)) - s[k]);
            }).ToArray();
            LossAssert.Close(expected, result.Losses, tol);
        }
    }
}
