using Microsoft.Extensions.Configuration;

namespace Halos.Abstractions.Options;

/// <summary>The <c>Model</c> section: which model plugin builds what, where, in which precision.</summary>
public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>The model plugin's registration name.</summary>
    public string? Plugin { get; set; }

    /// <summary>An architecture to build from scratch (its sizes go in <see cref="Options"/>).</summary>
    public string? Architecture { get; set; }

    /// <summary>A Hugging Face checkpoint folder (config.json, model.safetensors, tokenizer files).</summary>
    public string? Checkpoint { get; set; }

    /// <summary>The reference model's checkpoint when it differs from the policy's starting point.</summary>
    public string? ReferenceCheckpoint { get; set; }

    /// <summary>A reward model checkpoint, for verbs and trainers that score completions.</summary>
    public string? RewardCheckpoint { get; set; }

    /// <summary>float32, bfloat16, float16 (PyTorch or Hugging Face spellings).</summary>
    [ScalarTypeName]
    public string DType { get; set; } = "float32";

    /// <summary>cpu, cuda or cuda:N.</summary>
    [DeviceName]
    public string Device { get; set; } = "cpu";

    /// <summary>The model plugin's own settings (<c>Model:Options:*</c>), checked at start-up against the options class the plugin declares (<see cref="Plugins.IConfigurablePlugin"/>).</summary>
    public IConfiguration? Options { get; set; }

    /// <summary>
    /// LoRA adapters on the trained module (<c>Model:Lora:Rank</c>, <c>Alpha</c>, <c>Dropout</c>, <c>TargetModules</c>,
    /// <c>ModulesToSave</c>, <c>UseRsLora</c>), passed through to the model plugin, which checks them. Empty: no LoRA,
    /// the whole model trains. With LoRA the reference defaults to the policy with its adapters off
    /// (<c>Training:LoopOptions:Reference=lora-base</c>) unless <see cref="ReferenceCheckpoint"/> names another model.
    /// </summary>
    public IConfiguration? Lora { get; set; }
}
