using System.Text.Json.Nodes;
using static Halos.Tokenizers.Tests.TokenizerJsonBuilder;

namespace Halos.Tokenizers.Tests;

/// <summary>
/// The Precompiled normalizer on charsmaps the tests compile (CharsMapBuilder): rules looked up by
/// grapheme, then by char; empty replacements delete. tokenizers.js replaces the charsmap with
/// fixed NFKC-like rules, so these expectations are worked out from the rules by hand.
/// </summary>
public class PrecompiledNormalizerTests
{
    private static readonly Dictionary<string, string> Rules = new()
    {
        ["\u00A0"] = " ",          // no-break space
        ["\uFB01"] = "fi",         // the fi ligature
        ["\uFF21"] = "A",          // fullwidth A
        ["\u0001"] = "",           // a control char is deleted
        ["e\u0301"] = "\u00E9",    // e + combining acute, a two-char grapheme
        ["\U0001D400"] = "A",      // mathematical bold A, an astral char
        ["ab"] = "X",              // a key of two graphemes is never looked up, so "ab" stays
    };

    private static Tokenizer WordPieceWith(JsonNode normalizer) => Build(Document(
        new JsonObject { ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["vocab"] = Vocab("[UNK]", "A", "fi", "x", "\u00E9", "ab") },
        normalizer, Type("WhitespaceSplit")));

    private static JsonObject Precompiled(string? charsmap) => Type("Precompiled", ("precompiled_charsmap", charsmap));

    [Fact]
    public void RulesApplyPerGraphemeThenPerChar()
    {
        var tokenizer = WordPieceWith(Precompiled(CharsMapBuilder.Base64(Rules)));
        // "\uFB01" → fi, "\uFF21" → A, NBSP → space (so two words), "\u0001" deleted, e+◌́ → é, 𝐀 → A.
        var encoding = tokenizer.Encode("\uFB01\u00A0\uFF21\u0001 e\u0301 \U0001D400 ab");
        Assert.Equal([2, 1, 4, 1, 5], encoding.Ids);
        // Offsets stay in the original: "fi" is char 0, "A" is chars 2-3 (the deleted \u0001 is dropped), é is 5-7.
        Assert.Equal([(0, 1), (2, 3), (5, 7), (8, 10), (11, 13)], encoding.Offsets);
    }

    [Fact]
    public void AGraphemeWithoutAWholeRuleIsLookedUpCharByChar()
    {
        // "x\u0301" has no rule as a whole; its chars have none either, so it stays (and is unknown to the vocab).
        var tokenizer = WordPieceWith(Precompiled(CharsMapBuilder.Base64(Rules)));
        Assert.Equal([0], tokenizer.EncodeToIds("x\u0301"));
        // "\uFF21\u0301" is one grapheme with no whole rule: Ａ maps alone, the mark stays.
        var normalized = WordPieceWith(Precompiled(CharsMapBuilder.Base64(new Dictionary<string, string> { ["\uFF21"] = "A", ["\u0301"] = "" })));
        Assert.Equal([1], normalized.EncodeToIds("\uFF21\u0301"));
    }

    [Fact]
    public void AnEmptyCharsmapChangesNothingAndABadOneNamesItsPath()
    {
        Assert.Equal([0], WordPieceWith(Precompiled(null)).EncodeToIds("\uFF21"));
        var notBase64 = Assert.Throws<TokenizerFormatException>(() => WordPieceWith(Precompiled("***")));
        Assert.Equal("tokenizer.json: $.normalizer.precompiled_charsmap: expected base64 text", notBase64.Message);
        var truncated = Assert.Throws<TokenizerFormatException>(() => WordPieceWith(Precompiled(Convert.ToBase64String([64, 0, 0, 0, 1, 2]))));
        Assert.Contains("$.normalizer.precompiled_charsmap: the charsmap's trie size 64", truncated.Message);
    }
}
