using System.Globalization;
using Halos.Abstractions.Running;
using Halos.Trainers.Tests.Support;

namespace Halos.Trainers.Tests;

/// <summary><c>Training:EvalShow</c> (<c>halos eval --show N</c>): the reward-prediction table of an evaluation.</summary>
public sealed class RewardPredictionEvalTests
{
    [Theory]
    [InlineData("bradley_terry")]
    [InlineData("dpo")]
    public void Eval_prints_the_first_pairs_with_rewards_whose_difference_is_the_margin(string loss)
    {
        using var run = new TrainerRun(loss, CopyTask.Paired(8), CopyTask.Paired(6));
        run.Settings["Training:EvalShow"] = "3";
        run.Settings["Training:BatchSize"] = "2"; // the table fills across microbatches
        var outcome = run.Run(RunMode.Eval);
        Assert.True(outcome.Metrics.ContainsKey("rewards/accuracies") || outcome.Metrics.ContainsKey("eval_rewards/accuracies"),
            string.Join(", ", outcome.Metrics.Keys));
        var lines = run.Warnings.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SkipWhile(l => !l.StartsWith("prompt ")).ToList();
        Assert.True(lines.Count >= 5, run.Warnings.ToString());
        Assert.Equal(["prompt", "chosen", "rejected", "chosen reward", "rejected reward", "margin"], Cells(lines[0]));
        var rows = lines.Skip(2).Take(3).Select(Cells).ToList();
        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
        {
            var (chosen, rejected, margin) = (Number(row[3]), Number(row[4]), Number(row[5]));
            Assert.Equal(chosen - rejected, margin, 3);
        }
        if (loss == "dpo")
        {
            // Policy and reference start from the same checkpoint: every implicit reward β·log(π/π_ref) is 0.
            Assert.All(rows, row => Assert.Equal(["0.0000", "0.0000", "0.0000"], row.Skip(3).Select(c => c.Replace("-", ""))));
        }
        else
        {
            // A reward model scores each row on its own: the rewards differ between pairs and between sides.
            Assert.True(rows.Select(r => r[3]).Distinct().Count() > 1 || rows.Select(r => r[4]).Distinct().Count() > 1);
        }
    }

    private static string[] Cells(string line) => line.Split(" | ").Select(c => c.Trim()).ToArray();

    private static double Number(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);
}
