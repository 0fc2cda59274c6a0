namespace Halos.Tokenizers.Tests;

/// <summary>The CLI verb's logic: one JSON line per input line, both ways.</summary>
public class TokenizeCommandTests
{
    [Fact]
    public void EncodesEachLineToAJsonArray()
    {
        var output = new StringWriter();
        var lines = new TokenizeCommand(LoadedTokenizers.Llama3).Process(new StringReader("Hello world\n<|begin_of_text|>Hi\n"), output);
        Assert.Equal(2, lines);
        Assert.Equal("[9906,1917]\n[128000,13347]\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void DecodesEachArrayToAJsonString()
    {
        var output = new StringWriter();
        new TokenizeCommand(LoadedTokenizers.Qwen3, decode: true).Process(new StringReader("[151644,872,198,13048]\n"), output);
        Assert.Equal("\"<|im_start|>user\\nHi\"\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void RunReportsBadInputWithLineNumber()
    {
        var error = new StringWriter();
        var code = TokenizeCommand.Run(["--tokenizer", RepoLayout.Qwen3Folder, "--input", "-", "--decode"],
            new StringReader("[1,2]\nnot json\n"), new StringWriter(), error);
        Assert.Equal(2, code);
        Assert.Contains("<stdin>:2: expected a JSON array of token ids", error.ToString());
    }

    [Fact]
    public void RunWithoutRequiredArgumentsPrintsUsage()
    {
        var error = new StringWriter();
        Assert.Equal(2, TokenizeCommand.Run(["--decode"], TextReader.Null, TextWriter.Null, error));
        Assert.Contains("usage: halos tokenize", error.ToString());
    }
}
