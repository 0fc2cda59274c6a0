using Halos.Abstractions.Models;
using Halos.Models.Configuration;
using Halos.Models.Lora;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Architectures;

/// <summary>What a checkpoint's head computes.</summary>
public enum ModelKind
{
    CausalLM,
    SequenceClassifier,
}

/// <summary>
/// A Hugging Face model: its config.json and a module tree whose parameter names are exactly the
/// checkpoint's tensor names, so state_dict() is what model.safetensors holds.
/// </summary>
public abstract class TransformerModel : Module, IAdapterSwitch
{
    protected TransformerModel(HfConfig config, string architecture)
    {
        Config = config;
        Architecture = architecture;
    }

    public HfConfig Config { get; }

    /// <summary>The transformers class this mirrors, written to config.json's "architectures" on save.</summary>
    public string Architecture { get; }

    public abstract ModelKind Kind { get; }

    public string ModelType => Config.ModelType;

    /// <summary>Names of tensors that exist in the module tree but not in checkpoints (none by default).</summary>
    public virtual IReadOnlySet<string> TiedParameterNames => new HashSet<string>();

    public ScalarType dtype => parameters().First().dtype;

    public Device device => parameters().First().device;

    /// <summary>True when LoRA adapters are attached (<see cref="LoraModel.Apply"/>).</summary>
    public bool HasAdapters => LoraModel.Of(this) is not null;

    /// <summary>The base model for the scope's lifetime: the reference of a LoRA run (<c>Training:LoopOptions:Reference=lora-base</c>).</summary>
    public IDisposable DisableAdapters()
    {
        var lora = LoraModel.Of(this) ?? throw new InvalidOperationException($"{Architecture} has no adapters to switch off; set Model:Lora to train with LoRA");
        if (lora.SavedInFull.Count > 0)
            throw new InvalidOperationException(
                $"Model:Lora:ModulesToSave trains {string.Join(", ", lora.SavedInFull.Select(m => m.name))} in full, so the policy with its adapters off " +
                "is no longer the base model; use a separate reference (Training:LoopOptions:Reference=live with Model:ReferenceCheckpoint) or drop ModulesToSave");
        return lora.Disabled();
    }
}
