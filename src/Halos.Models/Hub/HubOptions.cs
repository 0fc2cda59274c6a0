namespace Halos.Models.Hub;

/// <summary>Where models come from and where they are cached. <see cref="FromEnvironment"/> reads
/// the same variables as huggingface_hub, so both tools share one cache and one configuration.</summary>
public sealed record HubOptions
{
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>The hub cache root holding the <c>models--{org}--{name}</c> folders.</summary>
    public required string CacheDirectory { get; init; }

    public string Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>Sent as <c>Authorization: Bearer</c> to the endpoint only, never to a CDN it redirects to.</summary>
    public string? Token { get; init; }

    /// <summary>Resolve from the cache only; never touch the network.</summary>
    public bool Offline { get; init; }

    /// <summary>Attempts per file when a transfer breaks mid-body; each retry resumes with a Range request.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>How long a connect, a response's headers or a single body read may stall before it counts as a failure.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for another process (or huggingface_hub) downloading the same blob.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public static HubOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>HF_HUB_CACHE, else HF_HOME/hub, else XDG_CACHE_HOME/huggingface/hub, else
    /// ~/.cache/huggingface/hub; HF_ENDPOINT; HF_TOKEN (or HF_HOME/token as written by
    /// <c>huggingface-cli login</c>); HF_HUB_OFFLINE in 1/true/yes/on.</summary>
    public static HubOptions FromEnvironment(Func<string, string?> variable)
    {
        var hfHome = NonEmpty(variable("HF_HOME")) ?? Path.Combine(
            NonEmpty(variable("XDG_CACHE_HOME")) ?? Path.Combine(HomeDirectory(variable), ".cache"), "huggingface");
        var cache = NonEmpty(variable("HF_HUB_CACHE")) ?? Path.Combine(hfHome, "hub");
        var endpoint = (NonEmpty(variable("HF_ENDPOINT")) ?? DefaultEndpoint).TrimEnd('/');
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new HubException($"HF_ENDPOINT='{endpoint}' is not an http(s) URL; expected e.g. {DefaultEndpoint}");
        return new HubOptions
        {
            CacheDirectory = ExpandHome(cache, variable),
            Endpoint = endpoint,
            Token = NonEmpty(variable("HF_TOKEN")) ?? ReadSavedToken(Path.Combine(ExpandHome(hfHome, variable), "token")),
            Offline = IsTrue(variable("HF_HUB_OFFLINE")),
        };
    }

    private static bool IsTrue(string? value) =>
        value?.Trim().ToUpperInvariant() is "1" or "TRUE" or "YES" or "ON";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string HomeDirectory(Func<string, string?> variable) =>
        NonEmpty(variable("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static string ExpandHome(string path, Func<string, string?> variable) =>
        path == "~" || path.StartsWith("~/") ? HomeDirectory(variable) + path[1..] : path;

    private static string? ReadSavedToken(string path)
    {
        try { return File.Exists(path) ? NonEmpty(File.ReadAllText(path)) : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
