using Halos.Abstractions.Models;
using Halos.Abstractions.Plugins;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Lora;
using Halos.Models.Plugin;
using Halos.Torch.NN;

namespace Halos.Transformers;

/// <summary>
/// The model plugin "transformers" as the host discovers it: a plugin folder's entry assembly must hold the plugin
/// class, and <see cref="TransformersModelPlugin"/> lives in the Halos.Models library, so this class hands every call
/// to it. Saving writes the model's own config.json (<see cref="HfCheckpoint.Save"/>), not the starting checkpoint's:
/// a reward model started from a causal LM, or an architecture built from scratch, must describe itself. A LoRA model
/// is saved merged, with its adapters in PEFT's layout under <c>adapter/</c>.
/// </summary>
public sealed class TransformersPlugin : IModelPlugin, IConfigurablePlugin
{
    private readonly TransformersModelPlugin _models = new();

    /// <summary><c>Model:Options</c>: <see cref="TransformersPluginOptions"/>, checked by the host at start-up.</summary>
    public Type OptionsType => _models.OptionsType;

    public string Name => _models.Name;

    public string Description => _models.Description;

    public Module Build(ModelSpec spec, ModelRole role) => _models.Build(spec, role);

    public ITokenizer LoadTokenizer(ModelSpec spec) => _models.LoadTokenizer(spec);

    public void SavePretrained(Module module, ModelSpec spec, string directory)
    {
        if (module is not TransformerModel model)
        {
            PretrainedFolder.Write(module, spec, directory);
            return;
        }
        // A LoRA model saves merged, with its PEFT adapter beside it (LoraCheckpoint).
        if (LoraModel.Of(model) is { } lora) LoraCheckpoint.Save(lora, directory, spec.Checkpoint);
        else HfCheckpoint.Save(model, directory);
        if (spec.Checkpoint is not { } checkpoint || !Directory.Exists(checkpoint)) return;
        foreach (var name in PretrainedFolder.CompanionFiles.Where(n => n != HfCheckpoint.ConfigFile))
        {
            var source = Path.Combine(checkpoint, name);
            if (File.Exists(source)) File.Copy(source, Path.Combine(directory, name), overwrite: true);
        }
    }
}
