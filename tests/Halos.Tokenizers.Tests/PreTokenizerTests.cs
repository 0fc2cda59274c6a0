using System.Text.Json.Nodes;
using Halos.Tokenizers.Json;
using Halos.Tokenizers.PreTokenizers;
using Halos.Tokenizers.Text;
using static Halos.Tokenizers.Tests.TokenizerJsonBuilder;

namespace Halos.Tokenizers.Tests;

/// <summary>Pre-tokenizers on the examples of the HF documentation, read from their JSON form.</summary>
public class PreTokenizerTests
{
    private static string[] Run(JsonObject config, string text, bool isFirst = true)
    {
        var document = System.Text.Json.JsonDocument.Parse(config.ToJsonString());
        var preTokenizer = PreTokenizerReader.Read(new JsonSection(document.RootElement, "test.json", "$.pre_tokenizer"))!;
        var pieces = new List<PreToken> { new(text.AsMemory(), 0) };
        preTokenizer.PreTokenize(pieces, new SectionInfo(isFirst));
        return pieces.Select(p => p.ByteLevel ? ByteLevelPreTokenizer.Materialize(p).ToString() : p.ToString()).ToArray();
    }

    private static JsonObject Split(string behavior, bool invert = false) =>
        Type("Split", ("pattern", new JsonObject { ["String"] = "-" }), ("behavior", behavior), ("invert", invert));

    [Theory]
    [InlineData("Removed", "the|final|countdown")]
    [InlineData("Isolated", "the|-|final|-|-|countdown")]
    [InlineData("MergedWithPrevious", "the-|final-|-|countdown")]
    [InlineData("MergedWithNext", "the|-final|-|-countdown")]
    [InlineData("Contiguous", "the|-|final|--|countdown")]
    public void SplitBehaviorsPlaceTheDelimiters(string behavior, string expected)
    {
        Assert.Equal(expected.Split('|'), Run(Split(behavior), "the-final--countdown"));
    }

    [Fact]
    public void InvertedSplitKeepsTheMatches()
    {
        var split = Type("Split", ("pattern", new JsonObject { ["Regex"] = "\\d+" }), ("behavior", "Removed"), ("invert", true));
        Assert.Equal(["12", "345"], Run(split, "a12b345c"));
    }

    [Fact]
    public void WhitespaceSplitsWordCharsAndOtherRuns() =>
        Assert.Equal(["Hey", "man", "!", "It", "'", "s", "fine"], Run(Type("Whitespace"), "Hey man! It's fine"));

    [Fact]
    public void WhitespaceSplitOnlyCutsAtWhitespace() =>
        Assert.Equal(["Hey", "man!", "It's", "fine"], Run(Type("WhitespaceSplit"), "Hey man!\tIt's\n fine"));

    [Fact]
    public void BertPreTokenizerIsolatesEachPunctuationChar() =>
        Assert.Equal(["Hey", "friend", "!", "How", "are", "you", "?", "!", "?"], Run(Type("BertPreTokenizer"), "Hey friend!     How are you?!?"));

    [Fact]
    public void PunctuationKeepsSpacesWithWords() =>
        Assert.Equal(["Hey friend", "!", "     How are you", "?", "!", "?"], Run(Type("Punctuation", ("behavior", "Isolated")), "Hey friend!     How are you?!?"));

    [Theory]
    [InlineData(true, "Call |1|2|3| please")]
    [InlineData(false, "Call |123| please")]
    public void DigitsSplitIndividuallyOrAsRuns(bool individual, string expected) =>
        Assert.Equal(expected.Split('|'), Run(Type("Digits", ("individual_digits", individual)), "Call 123 please"));

    [Theory]
    [InlineData("always", true, true, "▁Hey|▁friend!")]
    [InlineData("always", false, true, "▁Hey▁friend!")]
    [InlineData("never", true, true, "Hey|▁friend!")]
    [InlineData("first", true, true, "▁Hey|▁friend!")]
    [InlineData("first", true, false, "Hey|▁friend!")]
    public void MetaspaceReplacesSpacesAndPrepends(string scheme, bool split, bool isFirst, string expected)
    {
        var metaspace = Type("Metaspace", ("replacement", "▁"), ("prepend_scheme", scheme), ("split", split));
        Assert.Equal(expected.Split('|'), Run(metaspace, "Hey friend!", isFirst));
    }

    [Fact]
    public void ByteLevelAddsPrefixSpaceAndMapsBytes()
    {
        var byteLevel = Type("ByteLevel", ("add_prefix_space", true), ("use_regex", true));
        Assert.Equal(["ĠHello", "Ġmy", "Ġfriend", ",", "Ġhow", "Ġis", "Ġyour", "Ġday", "Ġgoing", "?"],
            Run(byteLevel, "Hello my friend, how is your day going?"));
        Assert.Equal(["Ġcaf", "Ã©"], Run(Type("Sequence", ("pretokenizers", new JsonArray(
            Type("ByteLevel", ("add_prefix_space", true), ("use_regex", false)),
            Type("Split", ("pattern", new JsonObject { ["String"] = "Ã" }), ("behavior", "MergedWithNext"), ("invert", false))))), "café"));
    }
}
