namespace Halos.Training.Judges;

/// <summary>
/// A <c>judge</c> reward source's settings (<c>Rewards:Sources:i:*</c>). The API key is never a setting: only the
/// name of the environment variable that holds it (<see cref="ApiKeyVariable"/>), so the key stays out of profiles,
/// <c>config show</c>, run folders and logs.
/// </summary>
public sealed record JudgeSettings
{
    /// <summary>The OpenAI-compatible base URL, e.g. <c>http://127.0.0.1:8000/v1</c> (vLLM) or <c>https://api.openai.com/v1</c>.</summary>
    public required Uri Endpoint { get; init; }

    public required string Model { get; init; }

    /// <summary>The environment variable holding the API key; null for a local server that needs none.</summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary><c>pointwise</c> (a score from 1 to 10 per completion) or <c>pairwise</c> (which of two is better).</summary>
    public string Mode { get; init; } = "pointwise";

    /// <summary>A template file replacing the built-in one of the mode; null for the built-in.</summary>
    public string? TemplatePath { get; init; }

    public int MaxConcurrency { get; init; } = 4;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of a request that failed with 429, a 5xx or a timeout (Retry-After honoured).</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first retry's delay; later ones back off exponentially, unless the server says Retry-After.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Where judgments are cached; null for no cache.</summary>
    public string? CacheFolder { get; init; }

    /// <summary>The largest reply, in tokens.</summary>
    public int MaxOutputTokens { get; init; } = 256;
}
