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
