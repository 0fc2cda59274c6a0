namespace Halos.Losses.Commands;

/// <summary>
/// The arguments of the <c>halos loss</c> verbs: positionals, hyperparameters as <c>train</c> spells them
/// (<c>--Loss:Params:beta=0.2</c> or <c>--Loss:Params:beta 0.2</c>, repeatable; <c>--set beta=0.2</c> is an alias),
/// <c>--name value</c> options and bare flags. A malformed line is a <see cref="UsageException"/>.
/// </summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    /// <summary>How <c>train</c> spells a hyperparameter on its command line.</summary>
    public const string ParamsPrefix = "--Loss:Params:";

    public List<string> Positionals { get; } = new();
    public Dictionary<string, string> Sets { get; } = new(StringComparer.Ordinal);

    public static CommandArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> options, IReadOnlySet<string> flags)
    {
        var parsed = new CommandArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--set")
            {
                if (i + 1 >= args.Count) throw new UsageException("--set needs name=value");
                var pair = args[++i];
                var eq = pair.IndexOf('=');
                if (eq <= 0) throw new UsageException($"--set {pair}: expected name=value, e.g. --set beta=0.2");
                parsed.Sets[pair[..eq]] = pair[(eq + 1)..];
            }
            else if (a.StartsWith(ParamsPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var rest = a[ParamsPrefix.Length..];
                var eq = rest.IndexOf('=');
                var name = eq >= 0 ? rest[..eq] : rest;
                if (name.Length == 0) throw new UsageException($"{a}: expected {ParamsPrefix}NAME=value, e.g. {ParamsPrefix}beta=0.2");
                if (eq < 0 && i + 1 >= args.Count) throw new UsageException($"{a} needs a value");
                parsed.Sets[name] = eq >= 0 ? rest[(eq + 1)..] : args[++i];
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                var name = a[2..];
                if (flags.Contains(name)) parsed._flags.Add(name);
                else if (options.Contains(name))
                {
                    if (i + 1 >= args.Count) throw new UsageException($"{a} needs a value");
                    parsed._options[name] = args[++i];
                }
                else throw new UsageException($"unknown option {a}");
            }
            else parsed.Positionals.Add(a);
        }
        return parsed;
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);
    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>Script options from --cache and --unrestricted.</summary>
    public LossScriptOptions ScriptOptions() => new()
    {
        AllowUnrestricted = Flag("unrestricted"),
        CacheDirectory = Option("cache") ?? LossScriptOptions.DefaultCacheDirectory(),
    };
}

internal sealed class UsageException(string message) : Exception(message);
