namespace Halos.Tokenizers.Tests;

public class ByteLevelTokenizerTests
{
    [Fact]
    public void EveryByteIsItsOwnTokenAndTextRoundTrips()
    {
        var tokenizer = ByteLevelTokenizer.Create();
        Assert.Equal(ByteLevelTokenizer.VocabSize, tokenizer.VocabSize);
        // "é" is two UTF-8 bytes (0xC3 0xA9); a space is byte 32.
        Assert.Equal(new[] { 97, 32, 0xC3, 0xA9 }, tokenizer.EncodeToIds("a é", addSpecialTokens: false));
        const string text = "Ann has 3 pens 🖊 and gets 4 more.\n\tHow many?";
        var ids = tokenizer.EncodeToIds(text, addSpecialTokens: false);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text), ids.Length);
        Assert.Equal(text, tokenizer.Decode(ids, skipSpecialTokens: false));
    }

    [Fact]
    public void EndOfTextIsOneSpecialToken()
    {
        var tokenizer = ByteLevelTokenizer.Create();
        Assert.Equal(new[] { 55, ByteLevelTokenizer.EndOfTextId }, tokenizer.EncodeToIds("7<|endoftext|>", addSpecialTokens: false));
        Assert.Equal(ByteLevelTokenizer.EndOfTextId, tokenizer.EosToken?.Id);
        Assert.Equal("7", tokenizer.Decode([55, ByteLevelTokenizer.EndOfTextId], skipSpecialTokens: true));
    }

    [Fact]
    public void WrittenFilesLoadBackToTheSameTokenizer()
    {
        var folder = Path.Combine(Path.GetTempPath(), "halos-bytelevel-" + Guid.NewGuid().ToString("N"));
        try
        {
            ByteLevelTokenizer.Write(folder);
            var loaded = Tokenizer.Load(folder);
            Assert.Equal(ByteLevelTokenizer.Create().EncodeToIds("x = 1 + 2<|endoftext|>"), loaded.EncodeToIds("x = 1 + 2<|endoftext|>"));
            Assert.Equal(ByteLevelTokenizer.EndOfTextId, loaded.PadToken?.Id);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
