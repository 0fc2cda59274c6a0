using static Halos.Data.Tests.Support.TestPaths;

namespace Halos.Data.Tests;

public class DataInspectCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = DataInspectCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ReportsCountsRejectedRowsDuplicatesAndIdenticalPairs()
    {
        var (code, output, _) = Run("--loader", "trl-preference", "--input", Fixture("bad-mixed.jsonl"));
        Assert.Equal(0, code);
        var lines = output.Split('\n');
        Assert.Contains("rows: 6 read, 4 rejected; examples: 2 pairs", lines);
        Assert.Contains(lines, l => l.StartsWith($"  {Fixture("bad-mixed.jsonl")}:3: field 'rejected': missing"));
        Assert.Contains(lines, l => l.StartsWith($"  {Fixture("bad-mixed.jsonl")}:5: field 'margin'"));
        Assert.Contains("duplicate prompts: 1 (2 rows); most repeated: \"a\" x2", lines);
        Assert.Contains("identical chosen/rejected pairs: 0", lines);
    }

    [Fact]
    public void WithATokenizerPrintsLengthPercentilesThePolicyAndMaskedRows()
    {
        var (code, output, err) = Run("--loader", "hh-rlhf", "--input", Fixture("hh-sample.jsonl.gz"), "--tokenizer", TokenizerFolder("tokenizer-qwen3"),
            "--show", "1", "--max-length", "40", "--max-prompt-length", "30");
        Assert.True(code == 0, err);
        Assert.Contains("rows: 1 read, 0 rejected; examples: 1 pairs", output);
        Assert.Matches(@"  prompt      p50 +\d+", output);
        Assert.Contains("length policy 'truncate': 1 of 1 rows exceed the limits (max_length 40, max_prompt_length 30) and were truncated", output);
        Assert.Contains("[masked]<|im_start|>user\nTell me a joke.<|im_end|>\n<|im_start|>assistant\n[/masked]<think>", output);
    }

    [Fact]
    public void TheLengthLimitsDefaultToTrainsAndShowTheirEffect()
    {
        var (code, output, err) = Run("--loader", "hh-rlhf", "--input", Fixture("hh-sample.jsonl.gz"), "--tokenizer", TokenizerFolder("tokenizer-qwen3"));
        Assert.True(code == 0, err);
        Assert.Contains("length limits: Data:MaxLength=1024, Data:MaxPromptLength=0 (none), Data:MaxCompletionLength=0 (none), Data:OverLength=truncate (train's defaults)", output);
        Assert.Contains("over Data:MaxPromptLength 0, over Data:MaxCompletionLength 0, over Data:MaxLength 0", output);
    }

    [Fact]
    public void ACompletionLimitSpeltAsItsKeyCutsCompletionsToIt()
    {
        var (code, output, err) = Run("--loader", "hh-rlhf", "--input", Fixture("hh-sample.jsonl.gz"), "--tokenizer", TokenizerFolder("tokenizer-qwen3"),
            "--Data:MaxCompletionLength=5", "--over-length", "error");
        Assert.True(code == 0, err);
        Assert.Contains("Data:MaxCompletionLength=5, Data:OverLength=error", output);
        Assert.Contains("over Data:MaxPromptLength 0, over Data:MaxCompletionLength 1, over Data:MaxLength 0", output);
        Assert.Contains("with Data:OverLength=error, train would stop at", output);
        var asWritten = output[output.IndexOf("as written", StringComparison.Ordinal)..];
        Assert.Matches(@"completion  p50 +\d+  p90 +\d+  p95 +\d+  p99 +\d+  max +([6-9]|\d\d+)\n", asWritten.Split("as trained")[0]);
    }

    [Fact]
    public void WithoutATokenizerShowsTheRawPromptMarked()
    {
        var (code, output, _) = Run("--loader", "trl-unpaired", "--input", Fixture("trl-unpaired.jsonl"), "--show", "1");
        Assert.Equal(0, code);
        Assert.Contains("desirable: [masked]The sky is[/masked] blue.", output);
    }

    [Theory]
    [InlineData(new[] { "--input", "x.jsonl" }, "--loader is required")]
    [InlineData(new[] { "--loader", "csv", "--input", "x" }, "no loader named 'csv'; expected one of trl-preference")]
    [InlineData(new[] { "--loader", "sft", "--input", "x", "--show", "many" }, "--show: 'many' is not a non-negative whole number")]
    [InlineData(new[] { "--loader", "sft", "--input", "x", "--kind", "ranked" }, "loader 'sft' does not produce ranked")]
    [InlineData(new[] { "--loader", "sft", "--input", "x", "--max-length", "40", "--max-prompt-length", "40" }, "max_prompt_length (40) must be below max_length (40)")]
    [InlineData(new[] { "--loader", "sft", "--input", "x", "--Data:OverLength=cut" }, "--Data:OverLength: 'cut' is not an over-length policy")]
    public void BadUsageExits2WithTheReason(string[] args, string expected)
    {
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void UnreadableInputExits1NamingTheFile()
    {
        var (code, _, err) = Run("--loader", "sft", "--input", "/nonexistent/data.jsonl");
        Assert.Equal(1, code);
        Assert.Equal("data inspect: /nonexistent/data.jsonl: file not found", err.Trim());
    }
}
