using System.Globalization;
using System.Text;
using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Torch;

namespace Halos.Training.Metrics;

/// <summary>
/// The first rows of an evaluation as TRL's reward trainer shows them: prompt, chosen and rejected text (shortened),
/// the reward of each and their margin. Rewards are the loss's implicit rewards (DPO: β·log-ratio) or, for reward
/// models, the model's scores. Only paired data has such rows; other kinds leave the table empty.
/// </summary>
public sealed class RewardPredictionTable(int rows, int textWidth = 40)
{
    private readonly List<(string Prompt, string Chosen, string Rejected, double ChosenReward, double RejectedReward)> _rows = [];

    public bool Full => _rows.Count >= rows;

    /// <summary>Adds the microbatch's pairs until the table holds <c>rows</c> of them.</summary>
    public void Add(IReadOnlyList<Example> examples, LossInputs inputs, LossResult result)
    {
        if (Full) return;
        var chosen = result.ChosenRewards ?? inputs.ChosenScores;
        var rejected = result.RejectedRewards ?? inputs.RejectedScores;
        if (chosen is null || rejected is null) return;
        using var scope = torch.NewDisposeScope();
        var chosenValues = chosen.detach().to(ScalarType.Float64).to(Device.CPU).data<double>();
        var rejectedValues = rejected.detach().to(ScalarType.Float64).to(Device.CPU).data<double>();
        for (var i = 0; i < examples.Count && i < chosenValues.Length && !Full; i++)
            if (examples[i] is PairedExample pair)
                _rows.Add((PromptText(pair.Prompt), pair.Chosen, pair.Rejected, chosenValues[i], rejectedValues[i]));
    }

    /// <summary>
    /// Appends the rows to a JSON-lines file, one object per pair tagged with the training step (<c>halos report</c>
    /// shows the newest evaluation's rows).
    /// </summary>
    public void Append(string path, long step)
    {
        if (_rows.Count == 0) return;
        using var writer = File.AppendText(path);
        foreach (var r in _rows)
            writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["step"] = step, ["prompt"] = r.Prompt, ["chosen"] = r.Chosen, ["rejected"] = r.Rejected,
                ["chosen_reward"] = r.ChosenReward, ["rejected_reward"] = r.RejectedReward,
            }));
    }

    /// <summary>The table as aligned text lines, or "" when no row was added.</summary>
    public string Render()
    {
        if (_rows.Count == 0) return "";
        string[] header = ["prompt", "chosen", "rejected", "chosen reward", "rejected reward", "margin"];
        var cells = _rows.Select(r => new[]
        {
            Shorten(r.Prompt), Shorten(r.Chosen), Shorten(r.Rejected), Number(r.ChosenReward), Number(r.RejectedReward),
            Number(r.ChosenReward - r.RejectedReward),
        }).ToList();
        var widths = header.Select((h, c) => Math.Max(h.Length, cells.Max(row => row[c].Length))).ToArray();
        var text = new StringBuilder();
        void Line(string[] row) => text.AppendLine(string.Join(" | ", row.Select((cell, c) => c < 3 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        Line(header);
        text.AppendLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in cells) Line(row);
        return text.ToString();
    }

    private static string PromptText(Prompt prompt) =>
        prompt.Text ?? string.Join(" ", prompt.Messages?.Select(m => $"{m.Role}: {m.Content}") ?? []);

    /// <summary>One line, at most <c>textWidth</c> characters, an ellipsis marking a cut.</summary>
    private string Shorten(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= textWidth ? flat : flat[..(textWidth - 1)] + "…";
    }

    private static string Number(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
