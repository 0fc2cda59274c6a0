using System.Text.Json.Nodes;
using static Halos.Tokenizers.Tests.TokenizerJsonBuilder;

namespace Halos.Tokenizers.Tests;

/// <summary>
/// Added tokens are matched before the model; lstrip/rstrip swallow neighbouring spaces and
/// single_word refuses matches inside words. The model here is char-level BPE without merges,
/// so every space that is not swallowed shows up as token 0.
/// </summary>
public class AddedTokenTests
{
    // " "=0 a=1 b=2 c=3 s=4 t=5; added tokens from 100.
    private static Tokenizer CharTokenizer(params JsonObject[] added)
    {
        var model = new JsonObject { ["type"] = "BPE", ["vocab"] = Vocab(" ", "a", "b", "c", "s", "t", "<", ">", "m", "k", "R"), ["merges"] = new JsonArray() };
        return Build(Document(model, addedTokens: new JsonArray(added.Select(a => (JsonNode)a).ToArray())));
    }

    [Fact]
    public void LStripSwallowsSpacesOnTheLeftOnly()
    {
        Assert.Equal([1, 2, 100, 0, 1, 2], CharTokenizer(AddedToken(100, "<mask>", lstrip: true)).EncodeToIds("ab  <mask> ab"));
        Assert.Equal([1, 2, 0, 0, 100, 0, 1, 2], CharTokenizer(AddedToken(100, "<mask>")).EncodeToIds("ab  <mask> ab"));
        var encoding = CharTokenizer(AddedToken(100, "<mask>", lstrip: true)).Encode("ab  <mask> ab");
        Assert.Equal((2, 10), encoding.Offsets[2]);
    }

    [Fact]
    public void RStripSwallowsSpacesOnTheRightOnly()
    {
        Assert.Equal([1, 2, 0, 101, 1, 2], CharTokenizer(AddedToken(101, "<R>", rstrip: true)).EncodeToIds("ab <R>   ab"));
    }

    [Fact]
    public void SingleWordTokensMatchOnlyOutsideWords()
    {
        var cat = AddedToken(102, "cat", special: false, singleWord: true);
        // Standalone "cat" at both ends matches; inside "scat" and "cats" it is spelled out.
        Assert.Equal([102, 0, 4, 3, 1, 5, 0, 3, 1, 5, 4, 0, 102], CharTokenizer(cat).EncodeToIds("cat scat cats cat"));
        var anywhere = AddedToken(102, "cat", special: false);
        Assert.Equal([102, 0, 4, 102, 0, 102, 4, 0, 102], CharTokenizer(anywhere).EncodeToIds("cat scat cats cat"));
    }

    [Fact]
    public void LongestAddedTokenWinsAtAPosition()
    {
        var tokenizer = CharTokenizer(AddedToken(100, "<m>"), AddedToken(101, "<m><m>"));
        Assert.Equal([101, 100, 0], tokenizer.EncodeToIds("<m><m><m> "));
    }

    [Fact]
    public void NormalizedAddedTokensMatchAfterNormalization()
    {
        // With a Lowercase normalizer, a normalized added token "ab" also matches "AB".
        var model = new JsonObject { ["type"] = "BPE", ["vocab"] = Vocab(" ", "a", "b"), ["merges"] = new JsonArray() };
        var tokenizer = Build(Document(model, normalizer: Type("Lowercase"),
            addedTokens: new JsonArray(AddedToken(100, "ab", special: false, normalized: true))));
        Assert.Equal([100, 0, 100], tokenizer.EncodeToIds("AB ab"));
        Assert.Equal([(0, 2), (2, 3), (3, 5)], tokenizer.Encode("AB ab").Offsets);
    }

    [Fact]
    public void SpecialTokensInlineInRealFilesBecomeSingleIds()
    {
        Assert.Equal([128000, 9906, 128001], LoadedTokenizers.Llama3.EncodeToIds("<|begin_of_text|>Hello<|end_of_text|>"));
        Assert.Equal([151644, 872, 198, 13048, 151645], LoadedTokenizers.Qwen3.EncodeToIds("<|im_start|>user\nHi<|im_end|>"));
    }
}
