namespace Halos.Tokenizers.Tests;

/// <summary>
/// Fixed ids for a few strings (taken from @huggingface/tokenizers 0.2.0), so the basic path is
/// checked even where node is missing, and offsets/vocab lookups are checked against the files.
/// </summary>
public class KnownIdsTests
{
    [Fact]
    public void Llama3EncodesEmojiAndSpecialTokens()
    {
        var ids = LoadedTokenizers.Llama3.EncodeToIds("Hello world! 😀👨‍👩‍👧 <|begin_of_text|> 𠀀𝐀𝟎 你好");
        Assert.Equal(new[] { 9906, 1917, 0, 91416, 9468, 239, 101, 102470, 9468, 239, 102, 102470, 9468, 239, 100, 220, 128000, 109697, 64319, 222, 57352, 238, 222, 57352, 253, 236, 118195, 53901 }, ids);
    }

    [Fact]
    public void Gpt2TreatsSpecialTokenTextOfOtherModelsAsPlainText()
    {
        var ids = LoadedTokenizers.Gpt2.EncodeToIds("Hello world! 😀👨‍👩‍👧 <|begin_of_text|>");
        Assert.Equal(new[] { 15496, 995, 0, 30325, 222, 41840, 101, 447, 235, 41840, 102, 447, 235, 41840, 100, 1279, 91, 27471, 62, 1659, 62, 5239, 91, 29 }, ids);
    }

    [Fact]
    public void TokensSplittingOneCharReportTheWholeChar()
    {
        // GPT-2 has no token for this emoji, so its 4 UTF-8 bytes become 3 tokens.
        const string text = "a🙏🏽";
        var encoding = LoadedTokenizers.Gpt2.Encode(text);
        Assert.Equal([64, 8582, 247, 237, 8582, 237, 121], encoding.Ids);
        Assert.Equal([(0, 1), (1, 3), (1, 3), (1, 3), (3, 5), (3, 5), (3, 5)], encoding.Offsets);
    }

    [Fact]
    public void VocabLookupsAndSpecialTokensComeFromTheFiles()
    {
        var llama = LoadedTokenizers.Llama3;
        Assert.Equal(128256, llama.VocabSize);
        Assert.Equal(new SpecialToken("<|begin_of_text|>", 128000), llama.BosToken);
        Assert.Equal(new SpecialToken("<|end_of_text|>", 128001), llama.EosToken);
        Assert.Null(llama.PadToken);
        Assert.Equal(9906, llama.TokenToId("Hello"));
        Assert.Equal("ĠWorld", llama.IdToToken(4435));

        var qwen = LoadedTokenizers.Qwen3;
        Assert.Equal(151669, qwen.VocabSize);
        Assert.Null(qwen.BosToken);
        Assert.Equal(new SpecialToken("<|im_end|>", 151645), qwen.EosToken);
        Assert.Equal(new SpecialToken("<|endoftext|>", 151643), qwen.PadToken);
        Assert.Equal(50257, LoadedTokenizers.Gpt2.VocabSize);
    }

    [Fact]
    public void OffsetsPointIntoTheOriginalString()
    {
        const string text = "Hi 😀 <|im_start|>café";
        var encoding = LoadedTokenizers.Qwen3.Encode(text);
        var pieces = encoding.Offsets.Select(o => text[o.Start..o.End]).ToArray();
        Assert.Equal(["Hi", " 😀", " ", "<|im_start|>", "ca", "fé"], pieces);
        Assert.Equal([(0, 2), (2, 5), (5, 6), (6, 18), (18, 20), (20, 22)], encoding.Offsets);
        Assert.Equal(encoding.Ids.Count, encoding.Offsets.Count);
    }
}
