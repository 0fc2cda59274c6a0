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

    /// <summary>
    /// Consumes the global option or override at <paramref name="i"/>, advancing past its value.
    /// Returns false when the token is neither (it belongs to the verb).
    /// </summary>
    public bool TryConsume(IReadOnlyList<string> args, ref int i)
    {
        var token = args[i];
        if (token is "-h" or "--help") { Help = true; return true; }
        if (token == "--quiet") { Quiet = true; return true; }
        if (IsOverride(token))
        {
            if (token.Contains('=')) Overrides.Add(token);
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--")) Overrides.Add($"{token}={args[++i]}");
            else throw new UsageException($"{token} needs a value: {token}=VALUE");
            return true;
        }
        var (name, inline) = Split(token);
        switch (name)
        {
            case "--profile": Profile = Value(args, ref i, name, inline); return true;
            case "--root": Root = Value(args, ref i, name, inline); return true;
            case "--log-format":
                var format = Value(args, ref i, name, inline);
                LogFormat = format.ToLowerInvariant() switch
                {
                    "plain" => LogFormat.Plain,
                    "json" => LogFormat.Json,
                    _ => throw new UsageException($"--log-format: '{format}' is not a log format; expected plain or json"),
                };
                return true;
            default: return false;
        }
    }

    /// <summary><c>--Section:Key</c>, with or without <c>=value</c>: the colon tells it from a verb option.</summary>
    public static bool IsOverride(string token) =>
        token.StartsWith("--") && token.Length > 2 && token[2..].Split('=')[0].Contains(':');

    public static (string Name, string? Inline) Split(string token)
    {
        var eq = token.IndexOf('=');
        return eq < 0 ? (token, null) : (token[..eq], token[(eq + 1)..]);
    }

    public static string Value(IReadOnlyList<string> args, ref int i, string name, string? inline)
    {
        if (inline is not null) return inline;
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--")) throw new UsageException($"{name} needs a value");
        return args[++i];
    }
}
