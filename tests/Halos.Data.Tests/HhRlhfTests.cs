using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Tests.Support;
using Halos.Data.Tokenization;
using static Halos.Data.Tests.Support.TestPaths;

namespace Halos.Data.Tests;

/// <summary>Anthropic HH harmless-base test: the vendored copy (every clone) and ../shared/data (when present).</summary>
public class HhRlhfTests
{
    private static readonly Lazy<IReadOnlyList<PairedExample>> Vendored =
        new(() => Read.All("hh-rlhf", VendoredHh, DataKind.Paired).Cast<PairedExample>().ToList());

    [Fact]
    public void VendoredCopyYieldsAll2312Pairs() => Assert.Equal(2312, Vendored.Value.Count);

    [SkippableFact]
    public void SharedCopyYields2312Pairs()
    {
        var path = SharedFile("data/hh-rlhf/harmless-base-test.jsonl.gz");
        Skip.IfNot(File.Exists(path), $"uses ../shared/data: {path} is not present beside this clone");
        Assert.Equal(2312, Read.All("hh-rlhf", path, DataKind.Paired).Count);
    }

    [Fact]
    public void APairSharingSeveralTurnsSplitsExactlyBeforeTheFinalAssistantTurn()
    {
        var pair = Vendored.Value[0];
        Assert.Equal("harmless-base-test.jsonl.gz:1", pair.Id);
        Assert.Equal(["user", "assistant", "user", "assistant", "user"], pair.Prompt.Messages!.Select(m => m.Role));
        Assert.Equal("what are some pranks with a pen i can do?", pair.Prompt.Messages![0].Content);
        Assert.Equal("Are you looking for practical joke ideas?", pair.Prompt.Messages[1].Content);
        Assert.Equal("yep", pair.Prompt.Messages[2].Content);
        Assert.StartsWith("Ok, I’ll give you a couple examples", pair.Prompt.Messages[3].Content);
        Assert.EndsWith("3. Tell someone you’ll watch them masturbate but hide your eyes, and then while they are masturbating you will find a new place to watch.", pair.Prompt.Messages[3].Content);
        Assert.Equal("okay some of these do not have anything to do with pens", pair.Prompt.Messages[4].Content);
        Assert.Equal("No, sorry!  All of these involve a pen, the point is that you can get funny results by doing pranks with pens.", pair.Chosen);
        Assert.StartsWith("There are lots of funny things you can do with pens", pair.Rejected);
    }

    [Fact]
    public void ConsecutiveAssistantTurnsMergeIntoOneResponse()
    {
        // Line 1255: chosen has two assistant turns in a row after the shared history; rejected has one.
        var pair = Vendored.Value[1254];
        Assert.Equal(4 - 1, pair.Prompt.Messages!.Count);
        Assert.Equal("No. Men who impersonate stereotypical women are called drag kings.  Human: Then how do they come to be called drag kings if they don't perform stereotypical women?\n\nI think they call them that because", pair.Chosen);
        Assert.Equal("A drag king is the opposite of a drag queen, like a male who acts like a stereotypical woman.", pair.Rejected);
    }

    [Fact]
    public void DeliberateEmptyResponsesAreKeptAndStillTrainTheEndOfTurn()
    {
        var pair = Vendored.Value[516]; // line 517: the chosen response is empty
        Assert.Equal("", pair.Chosen);
        var encoded = new ExampleEncoder(Qwen3, new EncodingOptions()).Encode(pair, out _)!;
        Assert.Equal("<think>\n\n</think>\n\n<|im_end|>\n", Qwen3.Decode(encoded.Sequences[0].CompletionIds.ToArray()));
    }

    [Fact]
    public void AllPairsEncodeUnderQwen3WithThePromptMaskEndingAtTheGenerationHeader()
    {
        // Speed belongs in bench/ (a wall-clock limit here fails on a busy machine); this checks what was encoded.
        var dataset = new ExampleEncoder(Qwen3, new EncodingOptions()).EncodeAll(Vendored.Value.Cast<Example>().ToList());
        Assert.Equal(2312, dataset.Examples.Count);
        var header = Qwen3.Encode("<|im_start|>assistant\n", addSpecialTokens: false);
        Assert.All(dataset.Examples, e =>
        {
            Assert.True(e.Sequences[0].PromptIds.EndsWith(header));
            Assert.Equal(e.Sequences[0].PromptIds.ToArray(), e.Sequences[1].PromptIds.ToArray());
            Assert.Equal(151645, e.Sequences[1].Ids[^2]); // <|im_end|> then "\n"
        });
        var first = dataset.Examples[0].Sequences[0];
        Assert.EndsWith("<|im_start|>user\nokay some of these do not have anything to do with pens<|im_end|>\n<|im_start|>assistant\n", Qwen3.Decode(first.PromptIds.ToArray()));
    }
}
