using Halos.Host.Console;

namespace Halos.Host.Cli;

/// <summary>Options every verb accepts, and the configuration overrides (<c>--Section:Key=value</c>) of the command line.</summary>
public sealed class GlobalOptions
{
    public static readonly IReadOnlyList<VerbOption> All =
    [
        new("--profile", "NAME", "layer profiles/NAME.json (or appsettings.json Profiles:NAME) over appsettings.json"),
        new("--root", "DIR", "the folder with appsettings.json and profiles/ (default: the current folder)"),
        new("--quiet", null, "plain progress lines instead of the live bar"),
        new("--log-format", "FORMAT", "plain (default) or json"),
        new("--help", null, "show help; after a verb, that verb's help"),
    ];

    public string? Profile { get; set; }
    public string? Root { get; set; }
    public bool Quiet { get; set; }
    public LogFormat LogFormat { get; set; } = LogFormat.Plain;
    public bool Help { get; set; }

    /// <summary>Configuration override tokens, normalised to <c>--Section:Key=value</c>.</summary>
    public List<string> Overrides { get; } = [];

    /// <summary><c>--Section:Key</c>, with or without <c>=value</c>: the colon tells it from a verb option.</summary>
    public static bool IsOverride(string token) =>
        token.StartsWith("--") && token.Length > 2 && token[2..].Split('=')[0].Contains(':');

    public static (string Name, string? Inline) Split(string token)
    {
        var eq = token.IndexOf('=');
        return eq < 0 ? (token, null) : (token[..eq], token[(eq + 1)..]);
    }
}
