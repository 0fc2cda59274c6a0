using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Torch;
using Halos.Training.Metrics;

namespace Halos.Training.Tests;

public sealed class RewardPredictionTableTests
{
    private static readonly Example[] Pairs =
    [
        new PairedExample("a", Prompt.FromText("What is 2+2?"), "4", "5"),
        new PairedExample("b", Prompt.FromMessages([new ChatMessage("user", "Tell me\na story")]), new string('x', 100), "no"),
        new PairedExample("c", Prompt.FromText("third"), "yes", "no"),
    ];

    [Fact]
    public void Rows_carry_the_loss_rewards_and_their_margin_up_to_the_requested_count()
    {
        using var scope = torch.NewDisposeScope();
        var table = new RewardPredictionTable(rows: 2, textWidth: 12);
        var result = new LossResult(torch.zeros([3]), chosenRewards: torch.tensor(new[] { 0.5f, -1f, 3f }, 3),
            rejectedRewards: torch.tensor(new[] { 0.25f, 2f, 0f }, 3));
        table.Add(Pairs, new LossInputs(), result);
        Assert.True(table.Full);
        var lines = table.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length); // header, rule, two rows: the third pair is past the count
        Assert.StartsWith("prompt", lines[0]);
        Assert.EndsWith("margin", lines[0]);
        Assert.Equal(["What is 2+2?", "4", "5", "0.5000", "0.2500", "0.2500"], Cells(lines[2]));
        // Conversational prompts show their turns on one line; long text is cut to the width with an ellipsis.
        Assert.Equal(["user: Tell …", "xxxxxxxxxxx…", "no", "-1.0000", "2.0000", "-3.0000"], Cells(lines[3]));
    }

    [Fact]
    public void Reward_models_show_their_scores_and_unpaired_results_show_nothing()
    {
        using var scope = torch.NewDisposeScope();
        var scored = new RewardPredictionTable(rows: 5);
        scored.Add(Pairs.Take(1).ToList(), new LossInputs { ChosenScores = torch.tensor(new[] { 1.5f }, 1), RejectedScores = torch.tensor(new[] { -0.5f }, 1) },
            new LossResult(torch.zeros([1])));
        Assert.Equal(["1.5000", "-0.5000", "2.0000"], Cells(scored.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries)[2]).Skip(3));

        var none = new RewardPredictionTable(rows: 5);
        none.Add(Pairs, new LossInputs(), new LossResult(torch.zeros([3])));
        Assert.Equal("", none.Render());
    }

    private static string[] Cells(string line) => line.Split(" | ").Select(c => c.Trim()).ToArray();
}
