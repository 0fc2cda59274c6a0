using Halos.Torch.NN;
using Halos.Torch.SafeTensors;

namespace Halos.Abstractions.Models;

/// <summary>
/// Writes a module as a Hugging Face model folder: <c>model.safetensors</c> (the state dict, with the
/// <c>format: pt</c> metadata transformers checks) plus the configuration and tokenizer files of the
/// checkpoint it was built from, so <c>from_pretrained</c> loads the folder back. This is the default
/// behind <see cref="IModelPlugin.SavePretrained"/>.
/// </summary>
public static class PretrainedFolder
{
    public const string WeightsFile = "model.safetensors";

    /// <summary>The files of a checkpoint folder that describe the model and its tokenizer (everything but weights).</summary>
    public static readonly IReadOnlyList<string> CompanionFiles =
    [
        "config.json", "generation_config.json",
        "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
        "vocab.json", "merges.txt", "vocab.txt", "tokenizer.model", "chat_template.jinja",
    ];

    /// <summary>Writes the weights of <paramref name="module"/> into <paramref name="directory"/> (created if missing).</summary>
    public static void WriteWeights(Module module, string directory)
    {
        Directory.CreateDirectory(directory);
        var state = module.state_dict();
        try
        {
            SafeTensorsWriter.Save(Path.Combine(directory, WeightsFile), state, new Dictionary<string, string> { ["format"] = "pt" });
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }
    }

    /// <summary>Copies the <see cref="CompanionFiles"/> that exist in <paramref name="checkpoint"/> into <paramref name="directory"/>.</summary>
    public static void CopyCompanionFiles(string checkpoint, string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var name in CompanionFiles)
        {
            var source = Path.Combine(checkpoint, name);
            if (File.Exists(source)) File.Copy(source, Path.Combine(directory, name), overwrite: true);
        }
    }

    /// <summary>Weights, then the companion files of <see cref="ModelSpec.Checkpoint"/> when the spec has one.</summary>
    public static void Write(Module module, ModelSpec spec, string directory)
    {
        WriteWeights(module, directory);
        if (spec.Checkpoint is { } checkpoint && Directory.Exists(checkpoint)) CopyCompanionFiles(checkpoint, directory);
    }
}
