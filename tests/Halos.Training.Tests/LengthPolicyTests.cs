using Halos.Abstractions.Data;
using Halos.Abstractions.Training;
using Halos.Training.Setup;
using Halos.Training.Tests.Support;

namespace Halos.Training.Tests;

// Digit strings tokenize one token per character (plus an end token on completions), so every length is countable.
public class LengthPolicyTests
{
    private static readonly IReadOnlyList<Example> Rows =
    [
        new SftExample("row-1", Prompt.FromText("12"), "34"),
        new SftExample("row-2", Prompt.FromText("1234567890"), "12"),
        new SftExample("row-3", Prompt.FromText("5"), "6"),
    ];

    [Fact]
    public void DropRemovesTheOverLongRowsAndSaysHowMany()
    {
        var warnings = new List<string>();
        var kept = LengthPolicy.Apply(Rows, "Data:Train", new DigitTokenizer(), new CollateOptions(8, 0, "drop"), warnings.Add);
        Assert.Equal(["row-1", "row-3"], kept.Select(e => e.Id));
        var warning = Assert.Single(warnings);
        Assert.Contains("1 of 3 rows exceed the limits", warning);
        Assert.Contains("row-2", warning);
    }

    [Fact]
    public void TruncateKeepsEveryRowAndReportsTheCount()
    {
        var warnings = new List<string>();
        var kept = LengthPolicy.Apply(Rows, "Data:Train", new DigitTokenizer(), new CollateOptions(8, 0, "truncate"), warnings.Add);
        Assert.Equal(3, kept.Count);
        Assert.Contains("were truncated", Assert.Single(warnings));
    }

    [Fact]
    public void ErrorNamesTheFirstOverLongRow()
    {
        var ex = Assert.ThrowsAny<Exception>(() => LengthPolicy.Apply(Rows, "Data:Train", new DigitTokenizer(), new CollateOptions(8, 0, "error"), _ => { }));
        Assert.Contains("row-2", ex.Message);
    }

    [Fact]
    public void RowsWithinBudgetProduceNoWarning()
    {
        var warnings = new List<string>();
        var kept = LengthPolicy.Apply(Rows, "Data:Train", new DigitTokenizer(), new CollateOptions(64), warnings.Add);
        Assert.Equal(3, kept.Count);
        Assert.Empty(warnings);
    }
}
