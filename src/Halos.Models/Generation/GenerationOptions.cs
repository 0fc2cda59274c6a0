namespace Halos.Models.Generation;

/// <summary>How to decode. The defaults decode greedily, with the KV cache.</summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 32;

    /// <summary>Sample from the (tempered, filtered) distribution; false picks the most likely token.</summary>
    public bool DoSample { get; init; }

    /// <summary>Logits are divided by this before sampling; must be positive.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Keep only the k most likely tokens; 0 keeps all.</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of most likely tokens whose probability reaches p (nucleus sampling, Holtzman et al. 2020); 1 keeps all.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>A row ends after emitting one of these (the token is kept in its output).</summary>
    public IReadOnlyCollection<long> StopTokens { get; init; } = [];

    /// <summary>Fills the left of shorter prompts and the tail of rows that stopped early; it is never attended to.</summary>
    public long PadTokenId { get; init; }

    public bool UseCache { get; init; } = true;

    /// <summary>Seeds libtorch's generator before sampling, for reproducible draws.</summary>
    public ulong? Seed { get; init; }

    public void Validate()
    {
        if (MaxNewTokens < 0) throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), $"max new tokens must be ≥ 0, got {MaxNewTokens}");
        if (!(Temperature > 0)) throw new ArgumentOutOfRangeException(nameof(Temperature), $"temperature must be > 0, got {Temperature}");
        if (TopK < 0) throw new ArgumentOutOfRangeException(nameof(TopK), $"top_k must be ≥ 0, got {TopK}");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentOutOfRangeException(nameof(TopP), $"top_p must be in (0, 1], got {TopP}");
    }
}
