using System.Text.Json.Nodes;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Configuration;
using Halos.Tokenizers;
using Halos.Torch;

namespace Quickstart;

/// <summary>
/// A Hugging Face model folder built from scratch, so the quickstart downloads nothing: a GPT-2 config with random
/// weights from a fixed seed, and the built-in byte-level tokenizer (<see cref="ByteLevelTokenizer"/>: one token per
/// byte, "&lt;|endoftext|&gt;" as id 256 for EOS and padding).
/// </summary>
public static class TinyModelFolder
{
    public const int EndOfText = ByteLevelTokenizer.EndOfTextId;
    private const int VocabSize = ByteLevelTokenizer.VocabSize;

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
        ByteLevelTokenizer.Write(folder);
        return folder;
    }
}
