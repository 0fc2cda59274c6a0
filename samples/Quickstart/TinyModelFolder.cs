using System.Text.Json.Nodes;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Configuration;
using Halos.Torch;

namespace Quickstart;

/// <summary>
/// A Hugging Face model folder built from scratch, so the quickstart downloads nothing: a GPT-2 config with random
/// weights from a fixed seed, and a character-level tokenizer (a byte-level BPE with no merges: one token per byte,
/// GPT-2's byte-to-character map, "&lt;|endoftext|&gt;" as id 256 for EOS and padding).
/// </summary>
public static class TinyModelFolder
{
    public const int EndOfText = 256;
    private const int VocabSize = 257;

    public static string Write(string folder, QuickstartScale scale)
    {
        Directory.CreateDirectory(folder);
        var configPath = Path.Combine(folder, "config.json");
        File.WriteAllText(configPath, new JsonObject
        {
            ["architectures"] = new JsonArray("GPT2LMHeadModel"),
            ["model_type"] = "gpt2",
            ["vocab_size"] = VocabSize,
            ["n_positions"] = scale.MaxLength,
            ["n_embd"] = scale.Width,
            ["n_layer"] = scale.Layers,
            ["n_head"] = scale.Heads,
            // No dropout: preference losses compare the policy with a reference in eval mode (TRL disables it too).
            ["resid_pdrop"] = 0.0,
            ["embd_pdrop"] = 0.0,
            ["attn_pdrop"] = 0.0,
            ["bos_token_id"] = EndOfText,
            ["eos_token_id"] = EndOfText,
            ["pad_token_id"] = EndOfText,
        }.ToJsonString());
        torch.manual_seed((ulong)scale.Seed);
        using (var model = ArchitectureCatalog.Create(HfConfig.Load(configPath)))
            HfCheckpoint.Save(model, folder);
        WriteTokenizer(folder);
        return folder;
    }

    private static void WriteTokenizer(string folder)
    {
        var vocab = new JsonObject();
        var map = ByteToChar();
        for (var b = 0; b < 256; b++) vocab[map[b].ToString()] = b;
        vocab["<|endoftext|>"] = EndOfText;
        var byteLevel = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true };
        var tokenizer = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(new JsonObject
            {
                ["id"] = EndOfText, ["content"] = "<|endoftext|>", ["single_word"] = false, ["lstrip"] = false,
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
        };
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), tokenizer.ToJsonString());
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), new JsonObject
        {
            ["eos_token"] = "<|endoftext|>",
            ["pad_token"] = "<|endoftext|>",
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
        }.ToJsonString());
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
