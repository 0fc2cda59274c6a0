using Halos.Torch;
using Microsoft.Extensions.Configuration;

namespace Halos.Abstractions.Models;

/// <summary>
/// What to build: a named architecture from scratch (<see cref="Architecture"/>, e.g. "llama" with its
/// sizes in <see cref="Options"/>), or a Hugging Face checkpoint folder (<see cref="Checkpoint"/>:
/// config.json + model.safetensors + tokenizer files). At least one of the two is set; with both, the
/// architecture overrides the checkpoint's config.json model_type.
/// </summary>
public sealed record ModelSpec(
    string? Architecture,
    string? Checkpoint,
    ScalarType DType,
    Device Device,
    IConfiguration Options)
{
    /// <summary>
    /// The <c>Model:Lora</c> section when the built module trains LoRA adapters (the plugin reads and checks it); null
    /// or empty for none. The run sets it on the trained module's spec only, never on a reference or scoring model.
    /// </summary>
    public IConfiguration? Lora { get; init; }

    /// <summary>For messages: "checkpoint /models/llama-1b" or "architecture tiny-gpt".</summary>
    public override string ToString() =>
        Checkpoint is not null ? $"checkpoint {Checkpoint}" : $"architecture {Architecture}";
}
