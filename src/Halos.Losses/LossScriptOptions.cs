using Halos.Abstractions.Losses;

namespace Halos.Losses;

/// <summary>How loss scripts are compiled and where compiled images are cached.</summary>
public sealed record LossScriptOptions
{
    /// <summary>
    /// Lets scripts use any .NET API (files, network, reflection, #r). Off by default: a profile
    /// opts in with <c>Loss:AllowUnrestricted=true</c>.
    /// </summary>
    public bool AllowUnrestricted { get; init; }

    /// <summary>Where compiled images are kept; null disables the disk cache. Default: <see cref="DefaultCacheDirectory"/>.</summary>
    public string? CacheDirectory { get; init; } = DefaultCacheDirectory();

    /// <summary>Where warnings go (a cached image rebuilt, a cache folder not used). Default: standard error.</summary>
    public Action<string> Warn { get; init; } = message => Console.Error.WriteLine($"halos: warning: {message}");

    /// <summary>
    /// The longest one call of a script may run (wall time) before it is stopped with a
    /// <see cref="LossTimeoutException"/>; <c>Loss:CallTimeoutSeconds</c>. Default 60 s, far above any
    /// real loss, which takes milliseconds. <see cref="Timeout.InfiniteTimeSpan"/> turns the watchdog off.
    /// </summary>
    public TimeSpan CallTimeout { get; init; } = DefaultCallTimeout;

    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Stops a running script when cancelled (the host passes its Ctrl+C token), so a script stuck in a loop
    /// still lets the first Ctrl+C take effect: it throws <see cref="OperationCanceledException"/> at its next loop turn.
    /// </summary>
    public CancellationToken Interrupt { get; init; }

    public static LossScriptOptions Default { get; } = new();

    /// <summary><c>$XDG_CACHE_HOME/halos/losses</c>, or <c>~/.cache/halos/losses</c>.</summary>
    public static string DefaultCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "halos", "losses");
    }
}
