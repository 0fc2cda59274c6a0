using System.ComponentModel.DataAnnotations;
using Halos.Abstractions.Generation;

namespace Halos.Abstractions.Options;

/// <summary>
/// The <c>Generation</c> section: how <c>halos sample</c> (and an online run's rollouts) decode. The names follow
/// transformers' <c>GenerationConfig</c>; <c>halos sample</c>'s flags set them (<c>--temperature 0</c> is
/// <c>Generation:Temperature=0</c>, greedy).
/// </summary>
public sealed record GenerationOptions
{
    public const string Section = "Generation";

    [Range(1, 1 << 20)]
    public int MaxNewTokens { get; set; } = 64;

    /// <summary>0 decodes greedily.</summary>
    [Range(0.0, 1e6)]
    public double Temperature { get; set; } = 1.0;

    /// <summary>0 keeps every token.</summary>
    [Range(0, 1 << 30)]
    public int TopK { get; set; }

    [Range(1e-9, 1.0)]
    public double TopP { get; set; } = 1.0;

    [Range(0.0, 1.0)]
    public double MinP { get; set; }

    /// <summary>CTRL's penalty on tokens already in the row; 1 is off.</summary>
    [Range(1e-6, 1e6)]
    public double RepetitionPenalty { get; set; } = 1.0;

    /// <summary>Completions per prompt (K).</summary>
    [Range(1, 1 << 16)]
    public int NumSamples { get; set; } = 1;

    /// <summary>The sampler's seed; unset, <c>Training:Seed</c>.</summary>
    [Range(0L, long.MaxValue)]
    public long? Seed { get; set; }

    /// <summary>Strings that end a completion (beside the tokenizer's end-of-sequence ids).</summary>
    public string[] StopStrings { get; set; } = [];

    /// <summary>Sequences decoded together (prompts × samples are split into batches of this many).</summary>
    [Range(1, 1 << 20)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Write each completion token's log-prob (<c>completion_logps</c>) with it.</summary>
    public bool ReturnLogProbs { get; set; }

    /// <summary>
    /// The sampler's settings, with the stop ids and pad id of the model's tokenizer and the seed of the run
    /// (<see cref="Seed"/> when set).
    /// </summary>
    public SamplingOptions ToSampling(IReadOnlyCollection<long> stopTokenIds, long padTokenId, long runSeed) => new()
    {
        MaxNewTokens = MaxNewTokens,
        Temperature = Temperature,
        TopK = TopK,
        TopP = TopP,
        MinP = MinP,
        RepetitionPenalty = RepetitionPenalty,
        StopTokenIds = stopTokenIds,
        StopStrings = StopStrings,
        PadTokenId = padTokenId,
        Seed = unchecked((ulong)(Seed ?? runSeed)),
    };
}
