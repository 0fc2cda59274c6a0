using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quickstart;

/// <summary>One row of the results table: a model and what it scored on the held-out problems.</summary>
public sealed record ModelResult(
    string Model,
    string Loss,
    [property: JsonPropertyName("answer_accuracy")] double? AnswerAccuracy,
    [property: JsonPropertyName("addition_accuracy")] double? AdditionAccuracy,
    [property: JsonPropertyName("subtraction_accuracy")] double? SubtractionAccuracy,
    [property: JsonPropertyName("reward_accuracy")] double? RewardAccuracy,
    [property: JsonPropertyName("reward_margin")] double? RewardMargin,
    string Folder);

/// <summary>
/// The quickstart's results: the console table and report.md / report.json under the run folder. Answer accuracy is
/// greedy decoding against the truth; reward accuracy is strict (r⁺ &gt; r⁻), on held-out pairs for DPO and KTO
/// (their implicit rewards β·log π/π_ref against the SFT model) and over all ordered pairs of held-out ranked lists
/// for the reward model.
/// </summary>
public sealed record QuickstartResults(
    [property: JsonPropertyName("held_out_problems")] int HeldOutProblems,
    [property: JsonPropertyName("seconds")] double Seconds,
    IReadOnlyList<ModelResult> Models)
{
    public const string JsonFile = "report.json";
    public const string MarkdownFile = "report.md";

    /// <summary>The table as <c>halos report --table</c> reads it, and the page it goes into.</summary>
    public const string TableFile = "accuracy-table.json";
    public const string HtmlFile = "report.html";

    private static readonly string[] Header = ["model", "loss", "answer accuracy", "addition", "subtraction", "reward accuracy", "reward margin"];

    private const string Explanation = "answer accuracy: greedy answer == the true result. reward accuracy: strict r+ > r- on held-out pairs " +
        "(DPO, KTO: implicit rewards against the SFT model; reward model: all ordered pairs of the ranked lists).";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private List<string[]> Rows() => Models.Select(m => new[]
    {
        m.Model, m.Loss, Percent(m.AnswerAccuracy), Percent(m.AdditionAccuracy), Percent(m.SubtractionAccuracy), Percent(m.RewardAccuracy), Number(m.RewardMargin),
    }).ToList();

    public string Table()
    {
        var rows = Rows();
        var header = Header;
        var widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", header.Select((h, c) => h.PadRight(widths[c]))) + " |");
        text.AppendLine("| " + string.Join(" | ", widths.Select(w => new string('-', w))) + " |");
        foreach (var row in rows) text.AppendLine("| " + string.Join(" | ", row.Select((v, c) => v.PadRight(widths[c]))) + " |");
        return text.ToString();
    }

    public void Write(string folder)
    {
        File.WriteAllText(Path.Combine(folder, JsonFile), JsonSerializer.Serialize(this, Json));
        File.WriteAllText(Path.Combine(folder, MarkdownFile),
            $"# Quickstart results\n\n{HeldOutProblems} held-out arithmetic word problems; {Seconds:F0} s in all.\n\n{Table()}\n{Explanation}\n");
        File.WriteAllText(Path.Combine(folder, TableFile), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["title"] = $"Held-out accuracy ({HeldOutProblems} problems)",
            ["columns"] = Header,
            ["rows"] = Rows(),
            ["note"] = Explanation,
        }, Json));
    }

    public static QuickstartResults Read(string folder) =>
        JsonSerializer.Deserialize<QuickstartResults>(File.ReadAllText(Path.Combine(folder, JsonFile)), Json)
        ?? throw new InvalidDataException($"{Path.Combine(folder, JsonFile)} is empty");

    private static string Percent(double? value) => value is { } v ? (100 * v).ToString("F1", CultureInfo.InvariantCulture) + "%" : "-";

    private static string Number(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";
}
