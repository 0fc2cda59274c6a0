using Halos.Abstractions.Losses;
using Halos.Torch;
using static Halos.Losses.Tests.Scalar;

namespace Halos.Losses.Tests;

/// <summary>
/// The losses that average log-probs over tokens (ipo, orpo) or divide by lengths (simpo, sft),
/// on ragged masks. The extreme set has tokens at −50 and a completion whose mean log-prob is
/// −1e-8, where 1 − exp(x) rounds to 0 in float32 and ORPO's log odds need log1mexp.
/// </summary>
public class LengthNormalisedLossTests
{
    public sealed record TokenSet(string Name, ScalarType DType, double Tolerance,
        double[,] Pc, double[,] Pr, double[,] Rc, double[,] Rr, bool[,] Mc, bool[,] Mr)
    {
        public LossInputs Inputs()
        {
            Tensor Sum(double[,] x, bool[,] m) => T.Of(DType, Rows(x, m).Select(r => r.Sum()).ToArray());
            return new LossInputs
            {
                PolicyChosenPerToken = T.Of(DType, Pc), PolicyRejectedPerToken = T.Of(DType, Pr),
                ReferenceChosenPerToken = T.Of(DType, Rc), ReferenceRejectedPerToken = T.Of(DType, Rr),
                ChosenMask = T.Mask(Mc), RejectedMask = T.Mask(Mr),
                PolicyChosen = Sum(Pc, Mc), PolicyRejected = Sum(Pr, Mr),
                ChosenLengths = T.Of(DType, Rows(Pc, Mc).Select(r => (double)r.Count).ToArray()),
                RejectedLengths = T.Of(DType, Rows(Pr, Mr).Select(r => (double)r.Count).ToArray()),
            };
        }

        public static List<List<double>> Rows(double[,] x, bool[,] m) =>
            Enumerable.Range(0, x.GetLength(0))
                .Select(b => Enumerable.Range(0, x.GetLength(1)).Where(t => m[b, t]).Select(t => x[b, t]).ToList()).ToList();

        public double[] Mean(double[,] x, bool chosen) => Rows(x, chosen ? Mc : Mr).Select(r => r.Average()).ToArray();
        public double[] Sum(double[,] x, bool chosen) => Rows(x, chosen ? Mc : Mr).Select(r => r.Sum()).ToArray();
        public double[] Len(bool chosen) => Rows(Pc, chosen ? Mc : Mr).Select(r => (double)r.Count).ToArray();
    }

    private static readonly TokenSet Moderate = new("moderate", ScalarType.Float64, 1e-10,
        Pc: new[,] { { -0.5, -1.2, -0.1 }, { -2.0, -0.3, -9.0 } },
        Pr: new[,] { { -0.9, -1.0, -3.0 }, { -0.2, -0.7, -0.4 } },
        Rc: new[,] { { -0.6, -1.0, -0.2 }, { -1.5, -0.6, -9.0 } },
        Rr: new[,] { { -0.8, -1.3, -2.0 }, { -0.3, -0.5, -0.6 } },
        Mc: new[,] { { true, true, true }, { true, true, false } },
        Mr: new[,] { { true, false, false }, { true, true, true } });

    private static readonly TokenSet Extreme = new("extreme", ScalarType.Float32, 1e-5,
        Pc: new[,] { { -1e-8, -1e-8, -50 }, { -50, -50, -50 } },
        Pr: new[,] { { -50, -50, -50 }, { -1e-8, -1e-8, -1e-8 } },
        Rc: new[,] { { -50, -50, -50 }, { -1e-8, -1e-8, -1e-8 } },
        Rr: new[,] { { -1e-8, -1e-8, -1e-8 }, { -50, -50, -50 } },
        Mc: new[,] { { true, true, false }, { true, true, true } },
        Mr: new[,] { { true, true, true }, { true, false, false } });

    private static readonly TokenSet[] Sets = [Moderate, Extreme];

    private static void Check(string loss, Func<TokenSet, int, double> expected, Func<TokenSet, int, double>? chosenReward = null)
    {
        var script = TestCache.Load(loss);
        foreach (var set in Sets)
        {
            using var scope = torch.NewDisposeScope();
            var result = script.Compute(set.Inputs());
            var batch = set.Pc.GetLength(0);
            LossAssert.Close(Enumerable.Range(0, batch).Select(i => expected(set, i)).ToArray(), result.Losses, set.Tolerance, $"{loss} {set.Name}");
            if (chosenReward is not null)
                LossAssert.Close(Enumerable.Range(0, batch).Select(i => chosenReward(set, i)).ToArray(), result.ChosenRewards, set.Tolerance, $"{loss} {set.Name} rewards");
        }
    }

    [Fact]
    public void Ipo() => Check("ipo", (s, i) =>
    {
        var h = (s.Mean(s.Pc, true)[i] - s.Mean(s.Rc, true)[i]) - (s.Mean(s.Pr, false)[i] - s.Mean(s.Rr, false)[i]);
        return Math.Pow(h - 1 / (2 * 0.1), 2);
    }, (s, i) => 0.1 * (s.Mean(s.Pc, true)[i] - s.Mean(s.Rc, true)[i]));

    [Fact]
    public void Simpo() => Check("simpo", (s, i) =>
        -LogSigmoid(10.0 * s.Sum(s.Pc, true)[i] / s.Len(true)[i] - 10.0 * s.Sum(s.Pr, false)[i] / s.Len(false)[i] - 3.0));

    [Fact]
    public void Orpo() => Check("orpo", (s, i) =>
    {
        var c = s.Mean(s.Pc, true)[i];
        var r = s.Mean(s.Pr, false)[i];
        var logOdds = (c - Log1mExp(c)) - (r - Log1mExp(r));
        return -c + 0.1 * -LogSigmoid(logOdds);
    });

    [Fact]
    public void SimpoNeedsNoReferenceModelAndReadsNone()
    {
        var script = TestCache.Load("simpo");
        Assert.False(script.NeedsReference);
        Assert.DoesNotContain(script.Inputs, i => i.StartsWith("Reference", StringComparison.Ordinal));
    }

    [Fact]
    public void SftIsTheMeanTokenNll()
    {
        var script = TestCache.Load("sft");
        Assert.Equal(DataKind.Sft, script.Kind);
        using var scope = torch.NewDisposeScope();
        foreach (var (dtype, tol, policy, lengths) in new[]
                 {
                     (ScalarType.Float64, 1e-12, new[] { -12.0, -3.5 }, new[] { 4.0, 7.0 }),
                     (ScalarType.Float32, 1e-6, new[] { -5000.0, -1e-8 }, new[] { 100.0, 1.0 }),
                 })
        {
            var result = script.Compute(new LossInputs { Policy = T.Of(dtype, policy), Lengths = T.Of(dtype, lengths) });
            LossAssert.Close(policy.Select((p, i) => -p / lengths[i]).ToArray(), result.Losses, tol);
        }
    }

    [Fact]
    public void OrpoWithTrlPooledNll_PoolsTheChosenTokensOverTheBatch()
    {
        var script = TestCache.Load("orpo", new Dictionary<string, string> { ["trl_pooled_nll"] = "true" });
        using var scope = torch.NewDisposeScope();
        var set = Moderate;
        var result = script.Compute(set.Inputs());
        // Chosen tokens: row 0 has NLL 0.5 + 1.2 + 0.1 = 1.8 over 3 tokens, row 1 has 2.0 + 0.3 = 2.3 over 2.
        // TRL's pooled NLL is (1.8 + 2.3) / 5 = 0.82; per example that is B · NLL_i / 5: 0.72 and 0.92.
        double[] nll = [2 * 1.8 / 5, 2 * 2.3 / 5];
        var expected = Enumerable.Range(0, 2).Select(i =>
        {
            var c = set.Mean(set.Pc, true)[i];
            var r = set.Mean(set.Pr, false)[i];
            return nll[i] + 0.1 * -LogSigmoid((c - Log1mExp(c)) - (r - Log1mExp(r)));
        }).ToArray();
        LossAssert.Close(expected, result.Losses, 1e-12);
        Assert.Equal(0.82, (nll[0] + nll[1]) / 2, 12);
    }

    [Fact]
    public void SftWithTrlTokenPooling_WeighsLongAnswersMore()
    {
        var script = TestCache.Load("sft", new Dictionary<string, string> { ["trl_token_pooling"] = "true" });
        using var scope = torch.NewDisposeScope();
        // NLL 12 over 4 tokens and 3.5 over 7: pooled, (12 + 3.5) / 11; per example 2·12/11 and 2·3.5/11.
        var result = script.Compute(new LossInputs { Policy = T.Of(ScalarType.Float64, [-12.0, -3.5]), Lengths = T.Of(ScalarType.Float64, [4.0, 7.0]) });
        LossAssert.Close([24.0 / 11, 7.0 / 11], result.Losses, 1e-12);
        Assert.Equal(15.5 / 11, result.Losses.mean().item<double>(), 12);
        // The default (per-example mean) gives (3 + 0.5) / 2 = 1.75 on the same rows.
        var perExample = TestCache.Load("sft").Compute(new LossInputs { Policy = T.Of(ScalarType.Float64, [-12.0, -3.5]), Lengths = T.Of(ScalarType.Float64, [4.0, 7.0]) });
        Assert.Equal(1.75, perExample.Losses.mean().item<double>(), 12);
    }

    [Theory]
    [InlineData("slic", "fails for a batch over 1")]
    [InlineData("bco_pair", "v0.28")]
    [InlineData("orpo", "trl_pooled_nll")]
    [InlineData("sft", "trl_token_pooling")]
    public void TheHeaderSaysWhichReferenceItFollows(string loss, string phrase)
    {
        var header = File.ReadLines(RepoPaths.Loss(loss)).TakeWhile(l => l.StartsWith("//", StringComparison.Ordinal));
        Assert.Contains(header, l => l.Contains(phrase, StringComparison.Ordinal));
    }
}
