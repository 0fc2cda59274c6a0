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

    /// <summary>The model plugin's own settings (<c>Model:Options:*</c>), passed through; the plugin checks them.</summary>
    public IConfiguration? Options { get; set; }
}
