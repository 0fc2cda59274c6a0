namespace Halos.Tokenizers.Tests;

/// <summary>Byte-level BPE is lossless: decode(encode(text)) must give the text back exactly.</summary>
public class RoundTripTests
{
    public static TheoryData<string> Models => new() { "llama3", "qwen3", "gpt2" };

    [Theory]
    [MemberData(nameof(Models))]
    public void BuiltInStringsRoundTrip(string model) => AssertRoundTrip(model, ParityCorpus.BuiltIn);

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public void CorpusRoundTrips(string model)
    {
        var hh = ParityCorpus.HhRlhf();
        var reviews = ParityCorpus.ChineseReviews();
        Skip.If(hh is null || reviews is null, ParityCorpus.MissingSharedData);
        AssertRoundTrip(model, hh!.Concat(reviews!).ToList());
    }

    [Fact]
    public void SkipSpecialTokensDropsThemFromDecodedText()
    {
        var tokenizer = LoadedTokenizers.Qwen3;
        var ids = tokenizer.EncodeToIds("<|im_start|>user\nHi<|im_end|>");
        Assert.Equal(151644, ids[0]);
        Assert.Equal(151645, ids[^1]);
        Assert.Equal("<|im_start|>user\nHi<|im_end|>", tokenizer.Decode(ids));
        Assert.Equal("user\nHi", tokenizer.Decode(ids, skipSpecialTokens: true));
    }

    [Fact]
    public void PartialUtf8DecodesToReplacementChar()
    {
        // 8582 is the first two bytes (F0 9F) of a 4-byte emoji; alone they are not valid UTF-8.
        Assert.Equal("a\uFFFD", LoadedTokenizers.Gpt2.Decode([64, 8582]));
        Assert.Equal("a🙏", LoadedTokenizers.Gpt2.Decode([64, 8582, 247, 237]));
    }

    [Fact]
    public void UnknownIdIsReportedWithTheVocabSize()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LoadedTokenizers.Gpt2.Decode([50257]));
        Assert.Contains("token id 50257 is not in the vocabulary", error.Message);
        Assert.Contains("(size 50257)", error.Message);
    }

    private static void AssertRoundTrip(string model, IReadOnlyList<string> texts)
    {
        var tokenizer = LoadedTokenizers.ByName(model);
        var encodings = tokenizer.EncodeBatch(texts);
        for (var i = 0; i < texts.Count; i++)
        {
            var decoded = tokenizer.Decode(encodings[i].Ids, cleanUpTokenizationSpaces: false);
            // Qwen normalizes to NFC first, so its round trip gives the NFC form back.
            var expected = model == "qwen3" ? Text.UnicodeNormalization.Normalize(texts[i], System.Text.NormalizationForm.FormC) : texts[i];
            if (decoded != expected)
                Assert.Fail($"{model}: line {i} does not round-trip\ntext:    {System.Text.Json.JsonSerializer.Serialize(texts[i])}\ndecoded: {System.Text.Json.JsonSerializer.Serialize(decoded)}");
        }
    }
}
