using System.Text.Json.Nodes;
using static Halos.Tokenizers.Tests.TokenizerJsonBuilder;

namespace Halos.Tokenizers.Tests;

/// <summary>The BPE options real files use besides the byte-level defaults.</summary>
public class BpeOptionsTests
{
    private static JsonObject Bpe(JsonObject vocab, JsonArray merges, params (string Key, JsonNode? Value)[] options)
    {
        var model = new JsonObject { ["type"] = "BPE", ["dropout"] = null, ["vocab"] = vocab, ["merges"] = merges };
        foreach (var (key, value) in options) model[key] = value;
        return model;
    }

    [Fact]
    public void EndOfWordSuffixMarksTheLastSymbolOfEachWord()
    {
        // CLIP / original GPT style: "w</w>" only exists at the end of a word.
        var model = Bpe(Vocab("l", "o", "w", "w</w>", "lo", "low</w>", "o</w>"), new JsonArray("l o", "lo w</w>"), ("end_of_word_suffix", "</w>"));
        var tokenizer = Build(Document(model, preTokenizer: Type("WhitespaceSplit"), decoder: Type("BPEDecoder", ("suffix", "</w>"))));
        Assert.Equal([5, 1, 3], tokenizer.EncodeToIds("low ow"));
        Assert.Equal("low ow", tokenizer.Decode([5, 1, 3]));
    }

    [Fact]
    public void ContinuingSubwordPrefixIsDroppedWhenMerging()
    {
        // "l" + "##o" merges to "lo", then "lo" + "##w" to "low".
        var model = Bpe(Vocab("l", "##o", "##w", "lo", "low", "o"), new JsonArray("l ##o", "lo ##w"), ("continuing_subword_prefix", "##"));
        var tokenizer = Build(Document(model, preTokenizer: Type("WhitespaceSplit")));
        Assert.Equal([4, 5, 2], tokenizer.EncodeToIds("low ow"));
    }

    [Fact]
    public void IgnoreMergesEmitsWholeVocabWords()
    {
        // Without ignore_merges "abc" merges a+b first and can never reach the vocab entry "abc".
        var vocab = Vocab("a", "b", "c", "ab", "bc", "abc");
        var merges = new JsonArray("a b", "b c");
        Assert.Equal([3, 2], Build(Document(Bpe(vocab, merges))).EncodeToIds("abc"));
        Assert.Equal([5], Build(Document(Bpe(Vocab("a", "b", "c", "ab", "bc", "abc"), new JsonArray("a b", "b c"), ("ignore_merges", true)))).EncodeToIds("abc"));
    }

    [Fact]
    public void MergesMayBeWrittenAsPairs()
    {
        var model = Bpe(Vocab("a", "b", "ab"), new JsonArray(new JsonArray("a", "b")));
        Assert.Equal([2, 0], Build(Document(model)).EncodeToIds("aba"));
    }

    [Fact]
    public void DropoutIsRefusedRatherThanIgnored()
    {
        var model = Bpe(Vocab("a"), new JsonArray(), ("dropout", 0.1));
        var error = Assert.Throws<TokenizerFormatException>(() => Build(Document(model)));
        Assert.Contains("$.model.dropout", error.Message);
    }

    [Fact]
    public void MetaspacePreTokenizerAndDecoderRoundTrip()
    {
        // Mistral / Gemma style: Metaspace with prepend_scheme "first" instead of normalizers.
        var model = Bpe(Vocab("▁", "a", "b", "▁a", "▁ab"), new JsonArray("▁ a", "▁a b"));
        var metaspace = Type("Metaspace", ("replacement", "▁"), ("prepend_scheme", "first"), ("split", true));
        var decoder = Type("Metaspace", ("replacement", "▁"), ("prepend_scheme", "first"), ("split", true));
        var tokenizer = Build(Document(model, preTokenizer: metaspace, decoder: decoder));
        Assert.Equal([4, 4, 3], tokenizer.EncodeToIds("ab ab a"));
        Assert.Equal("ab ab a", tokenizer.Decode([4, 4, 3]));
    }
}
