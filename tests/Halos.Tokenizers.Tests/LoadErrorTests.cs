using System.Text.Json.Nodes;
using static Halos.Tokenizers.Tests.TokenizerJsonBuilder;

namespace Halos.Tokenizers.Tests;

/// <summary>Unsupported or malformed tokenizer files fail loudly, naming the file, the JSON path and the type.</summary>
public class LoadErrorTests
{
    private static JsonObject WordPieceModel() => new() { ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["vocab"] = Vocab("[UNK]", "a") };

    [Fact]
    public void UnknownModelTypeNamesFilePathAndType()
    {
        var dir = Directory.CreateTempSubdirectory("halos-tok-");
        try
        {
            var file = Path.Combine(dir.FullName, "tokenizer.json");
            File.WriteAllText(file, Document(new JsonObject { ["type"] = "WordLevel", ["vocab"] = new JsonObject() }).ToJsonString());
            var error = Assert.Throws<TokenizerFormatException>(() => Tokenizer.Load(dir.FullName));
            Assert.Equal($"{file}: $.model: unsupported model type 'WordLevel' (this engine implements: BPE, WordPiece, Unigram)", error.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void UnknownNestedPreTokenizerNamesItsIndex()
    {
        var pre = Type("Sequence", ("pretokenizers", new JsonArray(Type("Whitespace"), Type("FixedLength", ("length", 5)))));
        var error = Assert.Throws<TokenizerFormatException>(() => Build(Document(WordPieceModel(), preTokenizer: pre)));
        Assert.StartsWith("tokenizer.json: $.pre_tokenizer.pretokenizers[1]: unsupported pre_tokenizer type 'FixedLength'", error.Message);
    }

    [Fact]
    public void UnknownNormalizerAndDecoderAreRejected()
    {
        var normalizerError = Assert.Throws<TokenizerFormatException>(() => Build(Document(WordPieceModel(), normalizer: Type("Nmt"))));
        Assert.Contains("$.normalizer: unsupported normalizer type 'Nmt'", normalizerError.Message);
        var decoderError = Assert.Throws<TokenizerFormatException>(() => Build(Document(WordPieceModel(), decoder: Type("CTC"))));
        Assert.Contains("$.decoder: unsupported decoder type 'CTC'", decoderError.Message);
    }

    [Fact]
    public void BadSplitBehaviorAndBadRegexAreRejected()
    {
        var split = Type("Split", ("pattern", new JsonObject { ["String"] = " " }), ("behavior", "Sideways"), ("invert", false));
        var error = Assert.Throws<TokenizerFormatException>(() => Build(Document(WordPieceModel(), preTokenizer: split)));
        Assert.Contains("$.pre_tokenizer.behavior: unknown split behavior 'Sideways'", error.Message);
        var regex = Type("Split", ("pattern", new JsonObject { ["Regex"] = @"\p{Klingon}" }), ("behavior", "Isolated"), ("invert", false));
        var regexError = Assert.Throws<TokenizerFormatException>(() => Build(Document(WordPieceModel(), preTokenizer: regex)));
        Assert.Contains("$.pre_tokenizer.pattern.Regex: cannot use regex", regexError.Message);
    }

    [Fact]
    public void MergeWithTokenOutsideVocabIsRejected()
    {
        var model = new JsonObject { ["type"] = "BPE", ["vocab"] = Vocab("a", "b", "ab"), ["merges"] = new JsonArray("a c") };
        var error = Assert.Throws<TokenizerFormatException>(() => Build(Document(model)));
        Assert.Equal("tokenizer.json: $.model: merge #0 'a c' uses a token missing from the vocab", error.Message);
    }

    [Fact]
    public void MissingFolderSaysWhatWasExpected()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Tokenizer.Load("/nonexistent/model"));
        Assert.Contains("/nonexistent/model", error.Message);
    }

    [Fact]
    public void InvalidJsonReportsTheLine()
    {
        var error = Assert.Throws<TokenizerFormatException>(() => Tokenizer.FromJson("{\n\"model\": [}", "broken.json"));
        Assert.StartsWith("broken.json: invalid JSON at line 2", error.Message);
    }
}
