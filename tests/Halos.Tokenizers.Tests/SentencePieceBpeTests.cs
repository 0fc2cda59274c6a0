using System.Text.Json.Nodes;
using static Halos.Tokenizers.Tests.TokenizerJsonBuilder;

namespace Halos.Tokenizers.Tests;

/// <summary>
/// Llama 2 / Mistral style BPE: "▁" for spaces (Prepend + Replace normalizers), char-level
/// merges, &lt;0xNN&gt; byte fallback for chars outside the vocab.
/// </summary>
public class SentencePieceBpeTests
{
    // Ids: <unk>=0 <s>=1 </s>=2, <0x00>..<0xFF> = 3..258, then the pieces below from 259.
    private static readonly string[] Pieces = ["▁", "h", "e", "l", "o", "w", "r", "d", "▁h", "ll", "▁he", "llo", "▁hello", "▁w", "or", "▁wor", "ld", "▁world"];
    private static readonly string[] Merges = ["▁ h", "l l", "▁h e", "ll o", "▁he llo", "▁ w", "o r", "▁w or", "l d", "▁wor ld"];

    private static Tokenizer Llama2Style(bool byteFallback = true, bool fuseUnk = true)
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        tokens.AddRange(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"));
        tokens.AddRange(Pieces);
        var model = new JsonObject
        {
            ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = "<unk>", ["continuing_subword_prefix"] = null,
            ["end_of_word_suffix"] = null, ["fuse_unk"] = fuseUnk, ["byte_fallback"] = byteFallback, ["ignore_merges"] = false,
            ["vocab"] = Vocab(tokens.ToArray()), ["merges"] = new JsonArray(Merges.Select(m => (JsonNode)m).ToArray()),
        };
        var normalizer = Type("Sequence", ("normalizers", new JsonArray(
            Type("Prepend", ("prepend", "▁")),
            Type("Replace", ("pattern", new JsonObject { ["String"] = " " }), ("content", "▁")))));
        var post = Type("TemplateProcessing",
            ("single", new JsonArray(new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
                                     new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } })),
            ("pair", null),
            ("special_tokens", new JsonObject { ["<s>"] = new JsonObject { ["id"] = "<s>", ["ids"] = new JsonArray(1), ["tokens"] = new JsonArray("<s>") } }));
        var decoder = Type("Sequence", ("decoders", new JsonArray(
            Type("Replace", ("pattern", new JsonObject { ["String"] = "▁" }), ("content", " ")),
            Type("ByteFallback"), Type("Fuse"), Type("Strip", ("content", " "), ("start", 1), ("stop", 0)))));
        var added = new JsonArray(AddedToken(0, "<unk>"), AddedToken(1, "<s>"), AddedToken(2, "</s>"));
        return Build(Document(model, normalizer, null, post, decoder, added));
    }

    [Fact]
    public void MergesFollowRankOrder()
    {
        // "▁hello▁world": ▁h, ll, ▁he, llo, ▁hello, then the world merges; <s> from the template.
        Assert.Equal([1, 271, 276], Llama2Style().EncodeToIds("hello world"));
        Assert.Equal([271, 276], Llama2Style().EncodeToIds("hello world", addSpecialTokens: false));
    }

    [Fact]
    public void UnknownCharsFallBackToUtf8ByteTokens()
    {
        // 'i' is not a piece: <0x69> = 3 + 0x69. 😀 is F0 9F 98 80.
        var tokenizer = Llama2Style();
        var ids = tokenizer.EncodeToIds("hi 😀");
        Assert.Equal([1, 267, 3 + 0x69, 259, 3 + 0xF0, 3 + 0x9F, 3 + 0x98, 3 + 0x80], ids);
        Assert.Equal("hi 😀", tokenizer.Decode(ids, skipSpecialTokens: true));
        Assert.Equal("<s> hi 😀", tokenizer.Decode(ids));
    }

    [Fact]
    public void WithoutByteFallbackUnknownCharsFuseIntoOneUnk()
    {
        Assert.Equal([1, 267, 0, 259, 0], Llama2Style(byteFallback: false).EncodeToIds("hii 😀😀"));
        Assert.Equal([1, 267, 0, 0, 259, 0, 0], Llama2Style(byteFallback: false, fuseUnk: false).EncodeToIds("hii 😀😀"));
    }

    [Fact]
    public void InvalidByteRunsDecodeToOneReplacementCharPerByte()
    {
        // A lone continuation byte (0x80) is not UTF-8.
        Assert.Equal("h\uFFFD\uFFFD", Llama2Style().Decode([260, 3 + 0x80, 3 + 0x80]));
    }

    [Fact]
    public void OffsetsSkipThePrependedMetaspace()
    {
        var encoding = Llama2Style().Encode("hello world");
        // "▁hello" covers "hello" (the ▁ was inserted); "▁world" covers " world".
        Assert.Equal([(0, 0), (0, 5), (5, 11)], encoding.Offsets);
    }
}
