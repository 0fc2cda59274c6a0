using System.Text.Json.Nodes;
using static Halos.Tokenizers.Tests.TokenizerJsonBuilder;

namespace Halos.Tokenizers.Tests;

/// <summary>
/// Every field of tokenizer.json is type- and range-checked: a value that used to be accepted, and changed the ids,
/// is now an error naming the file and the JSON path.
/// </summary>
public class FieldValidationTests
{
    private static JsonObject Bpe(JsonNode? merges = null, JsonNode? dropout = null, JsonObject? vocab = null) => new()
    {
        ["type"] = "BPE",
        ["dropout"] = dropout,
        ["vocab"] = vocab ?? Vocab("a", "b", "ab"),
        ["merges"] = merges ?? new JsonArray("a b"),
    };

    private static string Rejected(JsonObject document) =>
        Assert.Throws<TokenizerFormatException>(() => Build(document)).Message;

    [Fact]
    public void MergesAsAStringInsteadOfAList()
    {
        Assert.Equal("tokenizer.json: $.model.merges: expected an array, found string \"a b\"", Rejected(Document(Bpe(merges: "a b"))));
    }

    [Fact]
    public void AnEmptyMergeNamesItsPath()
    {
        // Today: ArgumentOutOfRangeException (Parameter 'startIndex'), naming no file.
        Assert.Equal("tokenizer.json: $.model.merges[1]: merge \"\" is not two tokens separated by a space", Rejected(Document(Bpe(merges: new JsonArray("a b", "")))));
        Assert.Contains("$.model.merges[0]: merge \"a \" is not two tokens", Rejected(Document(Bpe(merges: new JsonArray("a ")))));
        Assert.Contains("$.model.merges[0][1]: expected a string, found number 7", Rejected(Document(Bpe(merges: new JsonArray(new JsonArray("a", 7))))));
    }

    [Fact]
    public void ASequenceWithoutItsListIsRejected()
    {
        var sequence = Type("Sequence", ("normalizers", null));
        Assert.Equal("tokenizer.json: $.normalizer.normalizers: expected an array, found null", Rejected(Document(Bpe(), normalizer: sequence)));
        var preTokenizers = Type("Sequence");
        Assert.Contains("$.pre_tokenizer.pretokenizers: expected an array, found nothing (the key is missing)", Rejected(Document(Bpe(), preTokenizer: preTokenizers)));
    }

    [Theory]
    [InlineData("-1", "number -1")]
    [InlineData("\"x\"", "string \"x\"")]
    [InlineData("1.5", "number 1.5")]
    public void DropoutMustBeNullOrAProbability(string json, string found)
    {
        Assert.Equal($"tokenizer.json: $.model.dropout: expected null or a probability from 0 to 1, found {found}",
            Rejected(Document(Bpe(dropout: JsonNode.Parse(json)))));
    }

    [Fact]
    public void DropoutZeroIsAccepted()
    {
        Assert.Equal([2], Build(Document(Bpe(dropout: 0.0))).Encode("ab").Ids);
    }

    [Fact]
    public void ANegativeOrHugeVocabularyIdIsRejected()
    {
        var negative = Vocab("a", "b", "ab");
        negative["b"] = -1;
        Assert.Equal("tokenizer.json: $.model.vocab.b: expected an integer from 0 to 16777215, found -1", Rejected(Document(Bpe(vocab: negative))));
        var huge = Vocab("a", "b", "ab");
        huge["ab"] = int.MaxValue;
        Assert.Contains("$.model.vocab.ab: expected an integer from 0 to 16777215, found 2147483647", Rejected(Document(Bpe(vocab: huge))));
    }

    [Fact]
    public void AnAddedTokenIdMustBeAValidId()
    {
        var added = new JsonArray(AddedToken(-1, "<s>"));
        Assert.Equal("tokenizer.json: $.added_tokens[0].id: expected an integer from 0 to 16777215, found -1", Rejected(Document(Bpe(), addedTokens: added)));
        var empty = new JsonArray(AddedToken(5, ""));
        Assert.Contains("$.added_tokens[0].content: expected the token's text, found an empty string", Rejected(Document(Bpe(), addedTokens: empty)));
    }

    [Fact]
    public void TemplateProcessingIdsAndPiecesAreChecked()
    {
        var template = Type("TemplateProcessing",
            ("single", new JsonArray(new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "C", ["type_id"] = 0 } })),
            ("special_tokens", new JsonObject()));
        Assert.Contains("$.post_processor.single[0].Sequence.id: expected \"A\" or \"B\", found \"C\"", Rejected(Document(Bpe(), postProcessor: template)));
        var negativeType = Type("TemplateProcessing",
            ("single", new JsonArray(new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = -2 } })),
            ("special_tokens", new JsonObject()));
        Assert.Contains("$.post_processor.single[0].Sequence.type_id: expected an integer of at least 0, found -2", Rejected(Document(Bpe(), postProcessor: negativeType)));
        var badSpecials = Type("TemplateProcessing", ("single", new JsonArray()), ("special_tokens", new JsonArray()));
        Assert.Contains("$.post_processor.special_tokens: expected an object, found an array of 0", Rejected(Document(Bpe(), postProcessor: badSpecials)));
    }

    [Fact]
    public void APostProcessorIdThatNothingCanDecodeIsRefused()
    {
        // Found by the fuzzer: a special token whose id is in neither the vocabulary nor added_tokens was inserted by
        // encode and then failed decode with an ArgumentOutOfRangeException.
        var template = Type("TemplateProcessing",
            ("single", new JsonArray(new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
                new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } })),
            ("special_tokens", new JsonObject { ["<s>"] = new JsonObject { ["id"] = "<s>", ["ids"] = new JsonArray(3), ["tokens"] = new JsonArray("<s>") } }));
        Assert.Equal("tokenizer.json: $.post_processor.special_tokens.<s>.ids[0]: token id 3 is neither in the model's vocabulary nor an added token",
            Rejected(Document(Bpe(), postProcessor: template)));
        var bert = Type("BertProcessing", ("cls", new JsonArray("[CLS]", 9)), ("sep", new JsonArray("b", 1)));
        Assert.Contains("$.post_processor.cls[1]: token id 9 is neither", Rejected(Document(Bpe(), postProcessor: bert)));
    }

    [Fact]
    public void ALoneSurrogateInAKeyIsRejectedWithItsOffset()
    {
        var json = Document(Bpe()).ToJsonString().Replace("\"ab\":2", "\"\\ud800\":2");
        var e = Assert.Throws<TokenizerFormatException>(() => Tokenizer.FromJson(json));
        Assert.StartsWith($"tokenizer.json: byte {json.IndexOf("\"\\ud800\"", StringComparison.Ordinal)}: a \\u escape encodes a lone surrogate", e.Message);
    }

    [Fact]
    public void InvalidUtf8InTokenizerFilesIsRejectedWithFileAndOffset()
    {
        // Today: replaced with U+FFFD, so the vocabulary silently holds a different token.
        var dir = Directory.CreateTempSubdirectory("halos-tok-");
        try
        {
            var file = Path.Combine(dir.FullName, "tokenizer.json");
            var text = System.Text.Encoding.UTF8.GetBytes(Document(Bpe()).ToJsonString());
            var at = Array.IndexOf(text, (byte)'b');
            text[at] = 0xE9;
            File.WriteAllBytes(file, text);
            var e = Assert.Throws<TokenizerFormatException>(() => Tokenizer.Load(dir.FullName));
            Assert.Equal($"{file}: byte {at}: invalid UTF-8; expected UTF-8 text (was the file saved in another encoding, or damaged?)", e.Message);

            File.WriteAllText(file, Document(Bpe()).ToJsonString());
            var config = Path.Combine(dir.FullName, "tokenizer_config.json");
            File.WriteAllBytes(config, [.. "{\"eos_token\": \"</s"u8, 0xFF, .. "\"}"u8]);
            var configError = Assert.Throws<TokenizerFormatException>(() => Tokenizer.Load(dir.FullName));
            Assert.StartsWith($"{config}: byte 18: invalid UTF-8", configError.Message);

            File.WriteAllText(config, "{\"add_bos_token\": \"yes\"}");
            var flagError = Assert.Throws<TokenizerFormatException>(() => Tokenizer.Load(dir.FullName));
            Assert.Equal($"{config}: add_bos_token: expected true, false or null, found string \"yes\"", flagError.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
