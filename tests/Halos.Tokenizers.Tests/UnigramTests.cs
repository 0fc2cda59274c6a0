using System.Text.Json.Nodes;
using static Halos.Tokenizers.Tests.TokenizerJsonBuilder;

namespace Halos.Tokenizers.Tests;

/// <summary>SentencePiece Unigram models: segmentations worked out by hand from the piece scores.</summary>
public class UnigramTests
{
    private static Tokenizer Plain(IEnumerable<(string, double)> vocab, int? unkId = 0, bool byteFallback = false, JsonNode? pre = null, JsonNode? decoder = null) =>
        Build(Document(UnigramFiles.Model(vocab, unkId, byteFallback), preTokenizer: pre, decoder: decoder));

    // ids: <unk>=0 a=1 b=2 c=3 d=4 cd=5 ab=6 abc=7 abcd=8
    private static readonly (string, double)[] Letters =
        [("<unk>", 0), ("a", 0), ("b", 0), ("c", 0), ("d", 0), ("cd", 1), ("ab", 2), ("abc", 5), ("abcd", 10)];

    [Fact]
    public void TheHighestTotalScoreWinsAndUnknownCharsFuse()
    {
        // abcd (10) beats abc+d (5) and ab+cd (3); then a, cd; the two x's are one fused unknown.
        var encoding = Plain(Letters).Encode("abcdacdxx");
        Assert.Equal([8, 1, 5, 0], encoding.Ids);
        Assert.Equal([(0, 4), (4, 5), (5, 7), (7, 9)], encoding.Offsets);
    }

    [Fact]
    public void AnUnknownCharCostsTheLowestScoreMinusTen()
    {
        // min score −14.5, so an unknown char scores −24.5: "ax" as a(−1)+unk loses to the piece
        // "ax" at −14.5, and "ay" (no such piece) is a + unk.
        (string, double)[] vocab = [("<unk>", -4), ("a", -1), ("ax", -14.5)];
        Assert.Equal([2], Plain(vocab).EncodeToIds("ax"));
        Assert.Equal([1, 0], Plain(vocab).EncodeToIds("ay"));
        // With "ax" at −15.5 the lowest score is −15.5 itself, so an unknown costs −25.5 and the piece still wins.
        Assert.Equal([2], Plain([("<unk>", -4), ("a", -1), ("ax", -15.5)]).EncodeToIds("ax"));
    }

    [Fact]
    public void OnEqualTotalsTheLastPieceThatStartsEarliestWins()
    {
        // "abc" as a+bc or ab+c, both −2: the path whose last piece starts earlier (bc at 1) wins.
        (string, double)[] vocab = [("<unk>", 0), ("a", -1), ("b", -1), ("c", -1), ("ab", -1), ("bc", -1)];
        Assert.Equal([1, 5], Plain(vocab).EncodeToIds("abc"));
        // "ab" as ab (−2) or a+b (−2): ab starts at 0, earlier than b.
        Assert.Equal([4], Plain([("<unk>", 0), ("a", -1), ("b", -1), ("x", -1), ("ab", -2)]).EncodeToIds("ab"));
    }

    [Fact]
    public void ByteFallbackSpellsAnUnknownRunInUtf8Bytes()
    {
        // ids: <unk>=0 <0x00>..<0xFF>=1..256, ▁=257, h=258, i=259, ▁hi=260
        var vocab = new List<(string, double)> { ("<unk>", 0) };
        vocab.AddRange(Enumerable.Range(0, 256).Select(b => ($"<0x{b:X2}>", 0.0)));
        vocab.AddRange([("▁", -2), ("h", -3), ("i", -3), ("▁hi", -1)]);
        var decoder = Type("Sequence", ("decoders", new JsonArray(
            Type("Replace", ("pattern", new JsonObject { ["String"] = "▁" }), ("content", " ")),
            Type("ByteFallback"), Type("Fuse"), Type("Strip", ("content", " "), ("start", 1), ("stop", 0)))));
        var tokenizer = Plain(vocab, byteFallback: true, pre: UnigramFiles.Metaspace(), decoder: decoder);
        // "é😀" is one fused unknown run: C3 A9 F0 9F 98 80, every byte spanning the whole run.
        var encoding = tokenizer.Encode("hi é😀h");
        int[] run = [0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80];
        Assert.Equal([260, 257, .. run.Select(b => b + 1), 258], encoding.Ids);
        Assert.Equal((3, 6), encoding.Offsets[2]);
        Assert.Equal((3, 6), encoding.Offsets[7]);
        Assert.Equal("hi é😀h", tokenizer.Decode(encoding.Ids));

        // A byte piece missing from the vocab (renamed, so the ids stay): the whole run becomes <unk>.
        vocab[0x80 + 1] = ("x80", 0);
        Assert.Equal([260, 257, 0, 258], Plain(vocab, byteFallback: true, pre: UnigramFiles.Metaspace()).EncodeToIds("hi é😀h"));
    }

    [Fact]
    public void WithoutUnkIdAnUnknownCharIsAnError()
    {
        var tokenizer = Plain([("a", -1)], unkId: null);
        Assert.Equal([0, 0], tokenizer.EncodeToIds("aa"));
        var error = Assert.Throws<InvalidOperationException>(() => tokenizer.EncodeToIds("ab"));
        Assert.Contains("'b'", error.Message);
    }

    [Fact]
    public void BadUnkIdAndBadPiecesNameTheirJsonPath()
    {
        var outside = Assert.Throws<TokenizerFormatException>(() => Plain([("a", -1)], unkId: 1));
        Assert.Equal("tokenizer.json: $.model.unk_id: unk_id 1 is outside the vocab (0..0)", outside.Message);
        var model = UnigramFiles.Model([("a", -1)], 0);
        ((JsonArray)model["vocab"]!).Add(new JsonArray("b"));
        var badPiece = Assert.Throws<TokenizerFormatException>(() => Build(Document(model)));
        Assert.Equal("tokenizer.json: $.model.vocab[1]: expected a [piece, score] pair: a string and a number", badPiece.Message);
    }

    [Fact]
    public void DecodingUndoesMetaspace()
    {
        var tokenizer = Build(UnigramFiles.DebertaStyle([("▁", -2), ("h", -3), ("e", -3), ("l", -3), ("o", -3), ("▁hello", -1), ("▁he", -2), ("llo", -2)]));
        var ids = tokenizer.EncodeToIds("  hello  he llo ");
        // Strip, then "  " → " ": ▁hello ▁he ▁ llo between [CLS] and [SEP].
        Assert.Equal([1, 9, 10, 4, 11, 2], ids);
        Assert.Equal("hello he llo", tokenizer.Decode(ids, skipSpecialTokens: true));
        Assert.Equal("[CLS] hello he llo[SEP]", tokenizer.Decode(ids));
    }

    [Fact]
    public void DebertaPipelineWithPrecompiledRules()
    {
        // The charsmap turns fullwidth Ａ into A and a no-break space into a space before Metaspace.
        var charsmap = CharsMapBuilder.Base64(new Dictionary<string, string> { ["\uFF21"] = "A", ["\u00A0"] = " " });
        var precompiled = Type("Precompiled", ("precompiled_charsmap", charsmap));
        var tokenizer = Build(UnigramFiles.DebertaStyle([("▁", -2), ("A", -3), ("▁A", -1)], precompiled: precompiled));
        Assert.Equal([1, 6, 6, 2], tokenizer.EncodeToIds("\uFF21\u00A0A"));
        Assert.Equal("A A", tokenizer.Decode(tokenizer.EncodeToIds("\uFF21\u00A0A"), skipSpecialTokens: true));
    }
}
