using System.Text.Json.Nodes;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers;

/// <summary>
/// The built-in tokenizer for models trained from scratch: one token per byte (ids 0-255, through GPT-2's
/// byte-to-character map, so any text round-trips), and <c>&lt;|endoftext|&gt;</c> as id 256 for EOS and padding.
/// It needs no vocabulary file: <see cref="Create"/> builds it in memory, and <see cref="Write"/> writes the
/// Hugging Face files (a byte-level BPE with no merges) that transformers and <c>halos</c> load back.
/// </summary>
public static class ByteLevelTokenizer
{
    public const string EndOfText = "<|endoftext|>";
    public const int EndOfTextId = 256;
    public const int VocabSize = 257;

    public static Tokenizer Create() => Tokenizer.FromJson(TokenizerJson(), "built-in byte-level tokenizer", TokenizerConfig.Parse(TokenizerConfigJson(), "built-in byte-level tokenizer_config.json"));

    /// <summary>Writes tokenizer.json and tokenizer_config.json into <paramref name="folder"/>.</summary>
    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), TokenizerJson());
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), TokenizerConfigJson());
    }

    public static string TokenizerJson()
    {
        var vocab = new JsonObject();
        for (var b = 0; b < 256; b++) vocab[ByteLevelAlphabet.ByteToChar[b].ToString()] = b;
        vocab[EndOfText] = EndOfTextId;
        var byteLevel = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true };
        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(new JsonObject
            {
                ["id"] = EndOfTextId, ["content"] = EndOfText, ["single_word"] = false, ["lstrip"] = false,
                ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
            }),
            ["normalizer"] = null,
            ["pre_tokenizer"] = byteLevel.DeepClone(),
            ["post_processor"] = null,
            ["decoder"] = byteLevel,
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "", ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false, ["byte_fallback"] = false, ["vocab"] = vocab, ["merges"] = new JsonArray(),
            },
        }.ToJsonString();
    }

    public static string TokenizerConfigJson() => new JsonObject
    {
        ["eos_token"] = EndOfText,
        ["pad_token"] = EndOfText,
        ["tokenizer_class"] = "PreTrainedTokenizerFast",
    }.ToJsonString();
}
