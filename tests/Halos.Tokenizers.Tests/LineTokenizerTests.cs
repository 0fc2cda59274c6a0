namespace Halos.Tokenizers.Tests;

/// <summary>The CLI verb's logic: one JSON line per input line, both ways.</summary>
public class LineTokenizerTests
{
    [Fact]
    public void EncodesEachLineToAJsonArray()
    {
        var output = new StringWriter();
        var lines = new LineTokenizer(LoadedTokenizers.Llama3).Process(new StringReader("Hello world\n<|begin_of_text|>Hi\n"), output);
        Assert.Equal(2, lines);
        Assert.Equal("[9906,1917]\n[128000,13347]\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void DecodesEachArrayToAJsonString()
    {
        var output = new StringWriter();
        new LineTokenizer(LoadedTokenizers.Qwen3, decode: true).Process(new StringReader("[151644,872,198,13048]\n"), output);
        Assert.Equal("\"<|im_start|>user\\nHi\"\n", output.ToString().ReplaceLineEndings("\n"));
    }
}
