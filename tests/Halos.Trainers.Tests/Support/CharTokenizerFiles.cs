using System.Text.Json.Nodes;
using Halos.Tokenizers;

namespace Halos.Trainers.Tests.Support;

/// <summary>
/// Writes a real tokenizer.json / tokenizer_config.json pair for tests that must run on a fresh clone: the built-in
/// <see cref="ByteLevelTokenizer"/> (one token per byte, "&lt;|endoftext|&gt;" as id 256 for EOS and padding) with a
/// small chat template. Loaded by the same code as any Hugging Face tokenizer.
/// </summary>
public static class CharTokenizerFiles
{
    public const int EndOfText = ByteLevelTokenizer.EndOfTextId;
    public const int VocabSize = ByteLevelTokenizer.VocabSize;

    public const string ChatTemplate =
        "{% for m in messages %}<{{ m['role'] }}>{{ m['content'] }}\n{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}";

    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), ByteLevelTokenizer.TokenizerJson());
        var config = new JsonObject
        {
            ["eos_token"] = ByteLevelTokenizer.EndOfText,
            ["pad_token"] = ByteLevelTokenizer.EndOfText,
            ["chat_template"] = ChatTemplate,
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
        };
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), config.ToJsonString());
    }
}
