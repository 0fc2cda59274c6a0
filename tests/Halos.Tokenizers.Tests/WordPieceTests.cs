using System.Text.Json.Nodes;
using static Halos.Tokenizers.Tests.TokenizerJsonBuilder;

namespace Halos.Tokenizers.Tests;

/// <summary>BERT-style: BertNormalizer, BertPreTokenizer, WordPiece, [CLS]/[SEP] and the WordPiece decoder.</summary>
public class WordPieceTests
{
    private static readonly string[] Tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "the", ",", "你", "好", "!", "runn", "##ing", "."];

    private static Tokenizer Bert(int maxInputCharsPerWord = 100)
    {
        var model = new JsonObject
        {
            ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["continuing_subword_prefix"] = "##",
            ["max_input_chars_per_word"] = maxInputCharsPerWord, ["vocab"] = Vocab(Tokens),
        };
        var normalizer = Type("BertNormalizer", ("clean_text", true), ("handle_chinese_chars", true), ("strip_accents", null), ("lowercase", true));
        var post = Type("BertProcessing", ("sep", new JsonArray("[SEP]", 3)), ("cls", new JsonArray("[CLS]", 2)));
        var decoder = Type("WordPiece", ("prefix", "##"), ("cleanup", true));
        var added = new JsonArray(AddedToken(0, "[PAD]"), AddedToken(1, "[UNK]"), AddedToken(2, "[CLS]"), AddedToken(3, "[SEP]"));
        return Build(Document(model, normalizer, Type("BertPreTokenizer"), post, decoder, added));
    }

    [Fact]
    public void GreedyLongestMatchSplitsWordsIntoPieces()
    {
        // "Unaffable" -> un ##aff ##able; the CJK chars become words of their own; "xyz" has no pieces.
        var ids = Bert().EncodeToIds("Unaffable, 你好! running xyz.");
        Assert.Equal([2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 1, 14, 3], ids);
    }

    [Fact]
    public void OffsetsCoverTheOriginalChars()
    {
        var encoding = Bert().Encode("Unaffable 你好");
        Assert.Equal([(0, 0), (0, 2), (2, 5), (5, 9), (10, 11), (11, 12), (0, 0)], encoding.Offsets);
        Assert.Equal(["[CLS]", "un", "##aff", "##able", "你", "好", "[SEP]"], encoding.Tokens);
    }

    [Fact]
    public void AccentsAreStrippedWhenLowercasing()
    {
        // "Ünaffable" lowercases to "ünaffable", NFD + mark removal gives "unaffable".
        Assert.Equal([2, 4, 5, 6, 3], Bert().EncodeToIds("Ünaffable"));
    }

    [Fact]
    public void TooLongWordsBecomeUnknown()
    {
        Assert.Equal([2, 1, 3], Bert(maxInputCharsPerWord: 5).EncodeToIds("unaffable"));
    }

    [Fact]
    public void DecodeJoinsPiecesAndCleansUpSpaces()
    {
        var tokenizer = Bert();
        var ids = tokenizer.EncodeToIds("Unaffable, 你好! running xyz.");
        Assert.Equal("unaffable, 你 好! running.", tokenizer.Decode(ids, skipSpecialTokens: true));
        Assert.Equal("[CLS] unaffable, 你 好! running [UNK]. [SEP]", tokenizer.Decode(ids));
    }

    [Fact]
    public void PairsGetTypeIdOneForTheSecondSegment()
    {
        var encoding = Bert().Encode("the", "un");
        Assert.Equal([2, 7, 3, 4, 3], encoding.Ids);
        Assert.Equal([0, 0, 0, 1, 1], encoding.TypeIds);
        Assert.Equal([true, false, true, false, true], encoding.SpecialTokensMask);
    }
}
