namespace Halos.Abstractions.Generation;

/// <summary>
/// How <c>BatchSampler</c> (Halos.Abstractions.Torch) picks tokens. The logits of each step go through, in transformers' order: the
/// repetition penalty, the temperature, top-k, top-p, min-p; then one token is drawn (or the argmax taken when
/// <see cref="Temperature"/> is 0).
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>The most tokens a completion gets; one that reaches it without stopping ends with <see cref="FinishReason.Length"/>.</summary>
    public int MaxNewTokens { get; init; } = 64;

    /// <summary>Logits are divided by it before sampling; 0 decodes greedily (the argmax), as transformers' <c>do_sample=False</c>.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Keep only the k most likely tokens (ties with the k-th kept too, as transformers does); 0 keeps all.</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest most-likely set whose mass reaches p (nucleus sampling, Holtzman et al. 2020); 1 keeps all.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Drop tokens less likely than min_p times the most likely one (Nguyen et al. 2024); 0 keeps all.</summary>
    public double MinP { get; init; }

    /// <summary>
    /// CTRL's penalty (Keskar et al. 2019) on every token already in the row, prompt included: a positive logit is
    /// divided by it, a negative one multiplied. 1 is off. Left padding is not penalised (transformers penalises it).
    /// </summary>
    public double RepetitionPenalty { get; init; } = 1.0;

    /// <summary>A completion ends after one of these (the tokenizer's end-of-sequence ids); the token is kept in it.</summary>
    public IReadOnlyCollection<long> StopTokenIds { get; init; } = [];

    /// <summary>
    /// A completion ends at the token whose text completes one of these strings; that token is kept (as transformers'
    /// <c>stop_strings</c> does). Needs a tokenizer to read the text.
    /// </summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>Fills the left of shorter prompts and is fed to rows that have finished; never attended to by a live row.</summary>
    public long PadTokenId { get; init; }

    /// <summary>The seed of the sampler's own random streams (<see cref="CounterRandom"/>); the global libtorch generator is never touched.</summary>
    public ulong Seed { get; init; }

    public bool IsGreedy => Temperature == 0;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option and the range it expects.</summary>
    public void Validate()
    {
        if (MaxNewTokens < 1) throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), $"max_new_tokens must be ≥ 1, got {MaxNewTokens}");
        if (!(Temperature >= 0) || double.IsInfinity(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), $"temperature must be ≥ 0 (0 is greedy), got {Temperature}");
        if (TopK < 0) throw new ArgumentOutOfRangeException(nameof(TopK), $"top_k must be ≥ 0 (0 is off), got {TopK}");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentOutOfRangeException(nameof(TopP), $"top_p must be in (0, 1], got {TopP}");
        if (!(MinP >= 0 && MinP <= 1)) throw new ArgumentOutOfRangeException(nameof(MinP), $"min_p must be in [0, 1], got {MinP}");
        if (!(RepetitionPenalty > 0) || double.IsInfinity(RepetitionPenalty))
            throw new ArgumentOutOfRangeException(nameof(RepetitionPenalty), $"repetition_penalty must be > 0 (1 is off), got {RepetitionPenalty}");
        if (StopStrings.Any(string.IsNullOrEmpty)) throw new ArgumentOutOfRangeException(nameof(StopStrings), "a stop string must not be empty");
    }
}
