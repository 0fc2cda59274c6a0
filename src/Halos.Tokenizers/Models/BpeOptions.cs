namespace Halos.Tokenizers.Models;

/// <summary>The BPE settings tokenizer.json carries next to the vocab and merges.</summary>
internal sealed record BpeOptions
{
    public string? UnkToken { get; init; }
    public string? ContinuingSubwordPrefix { get; init; }
    public string? EndOfWordSuffix { get; init; }
    public bool FuseUnk { get; init; }
    public bool ByteFallback { get; init; }

    /// <summary>Llama 3: a pre-token already in the vocab is emitted whole, without merging.</summary>
    public bool IgnoreMerges { get; init; }
}
