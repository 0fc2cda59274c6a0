using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>
/// <c>halos data inspect</c> through the command line: its options are the <c>Data</c> section's keys (so a profile's
/// limits apply and a flag overrides them), and bad usage or a missing file exits 2 naming what is wrong.
/// </summary>
public sealed class DataInspectVerbTests : IDisposable
{
    private readonly TempFolder _root = new();

    public DataInspectVerbTests() =>
        _root.File("pairs.jsonl", """
            {"prompt": "a", "chosen": "good", "rejected": "bad"}
            {"prompt": "a", "chosen": "fine", "rejected": "poor"}
            {"prompt": "b", "chosen": "x"}
            """);

    [Theory]
    [InlineData(new[] { "--input", "pairs.jsonl" }, "--loader is required")]
    [InlineData(new[] { "--loader", "csv", "--input", "pairs.jsonl" }, "no loader named 'csv'; expected one of trl-preference")]
    [InlineData(new[] { "--loader", "sft", "--input", "pairs.jsonl", "--show", "many" }, "--show expects a whole number of at least 0, got 'many'")]
    [InlineData(new[] { "--loader", "sft", "--input", "pairs.jsonl", "--kind", "ranked" }, "loader 'sft' does not produce ranked")]
    [InlineData(new[] { "--loader", "sft", "--input", "pairs.jsonl", "--max-length", "40", "--max-prompt-length", "40" }, "max_prompt_length (40) must be below max_length (40)")]
    [InlineData(new[] { "--loader", "sft", "--input", "pairs.jsonl", "--Data:OverLength=cut" }, "Data:OverLength: 'cut' is not allowed; expected one of truncate, drop, error")]
    [InlineData(new[] { "--loader", "sft", "--input", "missing.jsonl" }, "missing.jsonl: file not found")]
    public void BadUsageOrAMissingFileExits2WithTheReason(string[] args, string expected)
    {
        var result = CliRun.InProcess(_root.Path, ["data", "inspect", .. args]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void TheLoaderComesFromTheConfiguration_WhenNoFlagNamesIt()
    {
        _root.File("appsettings.json", """{ "Data": { "Loader": "trl-preference" } }""");
        var result = CliRun.InProcess(_root.Path, ["data", "inspect", "--input", "pairs.jsonl"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("loader 'trl-preference', kind paired", result.Out);
        Assert.Contains("rows: 3 read, 1 rejected; examples: 2 pairs", result.Out);
        Assert.Contains("duplicate prompts: 1 (2 rows)", result.Out);
    }

    public void Dispose() => _root.Dispose();
}
