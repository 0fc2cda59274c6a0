using System.Text.Json.Nodes;

namespace Halos.Trainers.Tests.Support;

/// <summary>
/// Writes a real tokenizer.json / tokenizer_config.json pair for tests that must run on a fresh clone: a byte-level
/// BPE with no merges (one token per byte, ids 0-255, GPT-2's byte-to-character map), "&lt;|endoftext|&gt;" as
/// id 256 (EOS and padding), and a small chat template. Loaded by the same code as any Hugging Face tokenizer.
/// </summary>
public static class CharTokenizerFiles
{
    public const int EndOfText = 256;
    public const int VocabSize = 257;

    public const string ChatTemplate =
        "{% for m in messages %}<{{ m['role'] }}>{{ m['content'] }}\n{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}";

    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var vocab = new JsonObject();
        var map = ByteToChar();
        for (var b = 0; b < 256; b++) vocab[map[b].ToString()] = b;
        vocab["<|endoftext|>"] = EndOfText;
        var tokenizer = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(new JsonObject
            {
                ["id"] = EndOfText, ["content"] = "<|endoftext|>", ["single_word"] = false, ["lstrip"] = false,
                ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
            }),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
            ["post_processor"] = null,
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "", ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false, ["byte_fallback"] = false, ["vocab"] = vocab, ["merges"] = new JsonArray(),
            },
        };
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), tokenizer.ToJsonString());
        var config = new JsonObject
        {
            ["eos_token"] = "<|endoftext|>",
            ["pad_token"] = "<|endoftext|>",
            ["chat_template"] = ChatTemplate,
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
        };
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), config.ToJsonString());
    }

    /// <summary>GPT-2's reversible byte → printable character map.</summary>
    private static char[] ByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= 33 and <= 126 or >= 161 and <= 172 or >= 174 and <= 255;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }
}
