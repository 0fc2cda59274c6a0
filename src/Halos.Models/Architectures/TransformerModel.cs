using Halos.Models.Configuration;
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
public abstract class TransformerModel : Module
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
}
