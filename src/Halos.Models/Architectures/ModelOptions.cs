using Halos.Torch;

namespace Halos.Models.Architectures;

/// <summary>How to build a model from its config.json.</summary>
public sealed record ModelOptions
{
    /// <summary>Causal LM or sequence classifier; null reads it from config.json's "architectures".
    /// Set SequenceClassifier to start a reward model from a causal-LM checkpoint (the new
    /// <c>score</c> head is then missing from the file, so load non-strictly).</summary>
    public ModelKind? Kind { get; init; }

    /// <summary>Off by default: preference training compares log-probs of the same model under
    /// two inputs (or against a reference), and dropout noise would bias those differences.</summary>
    public bool KeepDropout { get; init; }

    /// <summary>The parameters' dtype after loading (checkpoint tensors are converted): float32,
    /// as transformers' from_pretrained does by default, or bfloat16 / float16.</summary>
    public ScalarType DType { get; init; } = ScalarType.Float32;

    public Device Device { get; init; } = Device.CPU;

    /// <summary>Overrides the config's num_labels for a new classifier head.</summary>
    public long? NumLabels { get; init; }

    /// <summary>Recompute each decoder block in backward instead of keeping its activations.</summary>
    public bool GradientCheckpointing { get; init; }

    public static ModelOptions Default { get; } = new();
}
