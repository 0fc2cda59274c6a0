using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Data.Tokenization;
using static Halos.Data.Tests.Support.TestPaths;

namespace Halos.Data.Tests;

/// <summary>The audit behind <c>halos data inspect</c> (its command line is tested with the host).</summary>
public class DataInspectionTests
{
    private static string Run(string loader, string input, string? tokenizer = null, int show = 0, EncodingOptions? limits = null, bool limitsGiven = false)
    {
        var format = DataFormats.Find(loader)!;
        var output = new StringWriter();
        DataInspection.Run(new DataInspectionRequest(format, input, format.Kinds.First())
        {
            Tokenizer = tokenizer is null ? null : HuggingFaceTokenizer.Load(tokenizer),
            Show = show,
            // Unset, the limits are train's defaults: those of an empty Data section.
            Limits = limits ?? EncodingOptions.From(Abstractions.Training.CollateOptions.From(new Abstractions.Options.DataOptions())),
            LimitsGiven = limitsGiven,
        }, output);
        return output.ToString();
    }

    [Fact]
    public void ReportsCountsRejectedRowsDuplicatesAndIdenticalPairs()
    {
        var output = Run("trl-preference", Fixture("bad-mixed.jsonl"));
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
        var output = Run("hh-rlhf", Fixture("hh-sample.jsonl.gz"), TokenizerFolder("tokenizer-qwen3"), show: 1,
            limits: new EncodingOptions { MaxLength = 40, MaxPromptLength = 30 }, limitsGiven: true);
        Assert.Contains("rows: 1 read, 0 rejected; examples: 1 pairs", output);
        Assert.Matches(@"  prompt      p50 +\d+", output);
        Assert.Contains("length policy 'truncate': 1 of 1 rows exceed the limits (max_length 40, max_prompt_length 30) and were truncated", output);
        Assert.Contains("[masked]<|im_start|>user\nTell me a joke.<|im_end|>\n<|im_start|>assistant\n[/masked]<think>", output);
    }

    [Fact]
    public void TheLengthLimitsDefaultToTrainsAndShowTheirEffect()
    {
        var output = Run("hh-rlhf", Fixture("hh-sample.jsonl.gz"), TokenizerFolder("tokenizer-qwen3"));
        Assert.Contains("length limits: Data:MaxLength=1024, Data:MaxPromptLength=0 (none), Data:MaxCompletionLength=0 (none), Data:OverLength=truncate (train's defaults)", output);
        Assert.Contains("over Data:MaxPromptLength 0, over Data:MaxCompletionLength 0, over Data:MaxLength 0", output);
    }

    [Fact]
    public void ACompletionLimitCutsCompletionsToIt_AndUnderErrorSaysWhereTrainWouldStop()
    {
        var output = Run("hh-rlhf", Fixture("hh-sample.jsonl.gz"), TokenizerFolder("tokenizer-qwen3"),
            limits: new EncodingOptions { MaxCompletionLength = 5, OverLength = OverLengthPolicy.Error }, limitsGiven: true);
        Assert.Contains("Data:MaxCompletionLength=5, Data:OverLength=error", output);
        Assert.Contains("over Data:MaxPromptLength 0, over Data:MaxCompletionLength 1, over Data:MaxLength 0", output);
        Assert.Contains("with Data:OverLength=error, train would stop at", output);
        var asWritten = output[output.IndexOf("as written", StringComparison.Ordinal)..];
        Assert.Matches(@"completion  p50 +\d+  p90 +\d+  p95 +\d+  p99 +\d+  max +([6-9]|\d\d+)\n", asWritten.Split("as trained")[0]);
    }

    [Fact]
    public void WithoutATokenizerShowsTheRawPromptMarked()
    {
        var output = Run("trl-unpaired", Fixture("trl-unpaired.jsonl"), show: 1);
        Assert.Contains("desirable: [masked]The sky is[/masked] blue.", output);
    }
}
