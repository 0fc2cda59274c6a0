using Microsoft.Extensions.Configuration;

namespace Halos.Models.Plugin;

/// <summary>The transformers model plugin's own settings, <c>Model:Options:*</c>, checked by the host at start-up.</summary>
public sealed class TransformersPluginOptions
{
    /// <summary>Recompute each layer's activations in backward instead of keeping them.</summary>
    public bool GradientCheckpointing { get; set; }

    /// <summary>Train with the checkpoint's dropout (off by default, as TRL's trainers turn it off).</summary>
    public bool KeepDropout { get; set; }

    /// <summary>To build from scratch (<c>Model:Architecture</c>): the config.json keys of the architecture, read by the architecture.</summary>
    public IConfiguration? Config { get; set; }
}
