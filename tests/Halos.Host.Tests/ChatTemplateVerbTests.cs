using Halos.Host.Tests.Support;
using Halos.Tokenizers;

namespace Halos.Host.Tests;

/// <summary><c>halos chat-template</c> through the CLI, on a folder whose tokenizer_config.json has a ChatML template.</summary>
public sealed class ChatTemplateVerbTests : IDisposable
{
    private readonly TempFolder _folder = new("halos-chat-template-test");

    public ChatTemplateVerbTests()
    {
        var model = _folder.Folder("model");
        File.WriteAllText(Path.Combine(model, "tokenizer.json"), ByteLevelTokenizer.TokenizerJson());
        File.WriteAllText(Path.Combine(model, "tokenizer_config.json"),
            """{"eos_token":"<|endoftext|>","chat_template":"{% for m in messages %}<{{ m.role }}>{{ m.content }}\n{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}"}""");
        _folder.File("messages.json", """[{"role":"user","content":"2+2?"},{"role":"assistant","content":"4"}]""");
    }

    [Fact]
    public void PrintsTheRenderedTextAndItsIds()
    {
        var result = CliRun.InProcess(_folder.Path, ["chat-template", "--tokenizer", "model", "--messages", "messages.json", "--add-generation-prompt"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        const string text = "<user>2+2?\n<assistant>4\n<assistant>";
        Assert.StartsWith(text + "\n", result.Out);
        // One token per byte: the ids are the UTF-8 bytes of the rendered text.
        var ids = string.Join(",", System.Text.Encoding.UTF8.GetBytes(text));
        Assert.Contains($"ids ({text.Length}): [{ids}]", result.Out);
    }

    [Fact]
    public void ABadMessageIsNamed()
    {
        _folder.File("bad.json", """[{"role":"user"}]""");
        var result = CliRun.InProcess(_folder.Path, ["chat-template", "--tokenizer", "model", "--messages", "bad.json"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("messages[0] must be an object with string \"role\" and \"content\"", result.Error);
    }

    public void Dispose() => _folder.Dispose();
}
