using System.CommandLine;
using System.CommandLine.Parsing;
using Halos.Abstractions.Options;
using Halos.Host.Console;

namespace Halos.Host.Cli;

/// <summary>What the command line asked for: the verb (null when none matched), the global options, the verb's options and arguments.</summary>
public sealed record ParsedCommandLine(Verb? Verb, GlobalOptions Globals, IReadOnlyDictionary<string, string?> Options)
{
    /// <summary>The values of repeatable options, in order.</summary>
    public IReadOnlyDictionary<string, List<string>> Repeated { get; init; } = new Dictionary<string, List<string>>();

    /// <summary>The positional arguments, in order.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>What is wrong with the line, in words, or null.</summary>
    public string? Problem { get; init; }
}

/// <summary>
/// The one parser of halos's command line, on System.CommandLine: a command per verb (two-word verbs nest, as
/// <c>plugins list</c>), each with the options it declares, and the global options (<c>--profile</c>, <c>--root</c>,
/// <c>--quiet</c>, <c>--log-format</c>, <c>--help</c>) accepted before or after the verb. Configuration overrides
/// (<c>--Section:Key=value</c> or <c>--Section:Key value</c>) are any option with a colon, on every verb; after <c>--</c>
/// everything is a positional argument as written (<c>halos launch ... -- train --profile dpo</c>). The messages are ours: unknown verbs and options come with the closest known name.
/// </summary>
public sealed class HalosCommandLine
{
    private readonly RootCommand _root = new("halos: align language models with human feedback");
    private readonly Dictionary<Command, Verb> _verbOf = [];
    private readonly Dictionary<Verb, Dictionary<string, Option>> _optionsOf = [];
    private readonly Dictionary<Verb, List<Argument>> _argumentsOf = [];
    private readonly Option<string> _profile = Global<string>("--profile");
    private readonly Option<string> _rootFolder = Global<string>("--root");
    private readonly Option<bool> _quiet = Global<bool>("--quiet");
    private readonly Option<string> _logFormat = Global<string>("--log-format");
    private readonly Option<bool> _help = Global<bool>("--help", "-h");
    private readonly IReadOnlyList<Verb> _verbs;

    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static HalosCommandLine Instance { get; } = new(VerbTable.All);

    public HalosCommandLine(IReadOnlyList<Verb> verbs)
    {
        _verbs = verbs;
        // Help, version and the [suggest]/[diagram] directives are ours to write (HelpText, CompletionVerb).
        _root.Options.Clear();
        _root.Directives.Clear();
        _root.TreatUnmatchedTokensAsErrors = false;
        foreach (var option in new Option[] { _profile, _rootFolder, _quiet, _logFormat, _help }) _root.Add(option);
        foreach (var verb in verbs) Add(verb);
    }

    /// <summary>The command tree, for completion.</summary>
    public RootCommand Root => _root;

    private static Option<T> Global<T>(string name, params string[] aliases)
    {
        var described = GlobalOptions.All.Single(o => o.Name == name);
        return new Option<T>(name, aliases) { Recursive = true, Description = described.Description, HelpName = described.ValueName };
    }

    private void Add(Verb verb)
    {
        Command parent = _root;
        var words = verb.Name.Split(' ');
        foreach (var word in words[..^1])
        {
            var group = parent.Subcommands.FirstOrDefault(c => c.Name == word);
            if (group is null)
            {
                group = new Command(word) { TreatUnmatchedTokensAsErrors = false };
                parent.Add(group);
            }
            parent = group;
        }
        var command = new Command(words[^1], verb.Summary) { TreatUnmatchedTokensAsErrors = false };
        var options = new Dictionary<string, Option>(StringComparer.Ordinal);
        foreach (var declared in verb.Options)
        {
            Option option = declared.IsFlag
                ? new Option<bool>(declared.Name) { Description = declared.Description }
                : declared.Repeats
                    ? new Option<List<string>>(declared.Name) { Description = declared.Description, HelpName = declared.ValueName, AllowMultipleArgumentsPerToken = false }
                    : new Option<string>(declared.Name) { Description = declared.Description, HelpName = declared.ValueName };
            command.Add(option);
            options[declared.Name] = option;
        }
        var arguments = new List<Argument>();
        foreach (var declared in verb.Arguments)
        {
            Argument argument = declared.Many
                ? new Argument<List<string>>(declared.Name) { Description = declared.Description, Arity = ArgumentArity.ZeroOrMore }
                : new Argument<string>(declared.Name) { Description = declared.Description, Arity = ArgumentArity.ZeroOrOne };
            command.Add(argument);
            arguments.Add(argument);
        }
        parent.Add(command);
        _verbOf[command] = verb;
        _optionsOf[verb] = options;
        _argumentsOf[verb] = arguments;
    }

    public ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        var result = _root.Parse(args, Parsing);
        var verb = _verbOf.GetValueOrDefault(result.CommandResult.Command);
        var globals = Globals(result);
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        var empty = new ParsedCommandLine(verb, globals, options);
        var positional = verb is null ? [] : Positional(verb, result);
        // An override written where an argument may stand is still an override (before any "--").
        var literal = args.SkipWhile(a => a != "--").Skip(1).Count();
        var movable = Math.Max(0, positional.Count - literal);
        // Before any "--", an option-like token an argument took is an override, or an option the verb does not have.
        bool OptionLike(string token) => token.StartsWith("--", StringComparison.Ordinal) && token.Length > 2;
        // A verb whose argument is what follows "--" takes nothing before it.
        var separated = verb is not null && verb.Arguments.Any(a => a.AfterSeparator);
        var unmatched = result.UnmatchedTokens.Concat(positional.Take(movable).Where(t => separated || OptionLike(t))).ToList();
        positional = [.. positional.Take(movable).Where(t => !separated && !OptionLike(t)), .. positional.Skip(movable)];
        var stray = Overrides(unmatched, globals, out var overrideProblem);
        if (verb is null)
        {
            if (globals.Help || args.Count == 0 || (stray.Count == 0 && overrideProblem is null && !args.Any(a => !a.StartsWith('-'))))
                return empty; // help, or nothing to run
            return empty with { Problem = UnknownVerb(result, stray) };
        }
        if (overrideProblem is not null) return empty with { Problem = overrideProblem };
        if (stray.FirstOrDefault() is { } first)
        {
            var known = _optionsOf[verb].Keys.Concat(GlobalOptions.All.Select(o => o.Name));
            return empty with
            {
                Problem = first.StartsWith('-') ? $"unknown option '{GlobalOptions.Split(first).Name}'{ClosestName.Suffix(GlobalOptions.Split(first).Name, known)}" : $"unexpected argument '{first}'",
            };
        }
        var repeated = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var shorthands = new List<string>();
        foreach (var (name, option) in _optionsOf[verb])
        {
            if (result.GetResult(option) is not { } found) continue;
            var declared = verb.Options.Single(o => o.Name == name);
            if (declared.Repeats)
            {
                if (found.Tokens.Count == 0) return empty with { Problem = $"{name} needs a value" };
                repeated[name] = found.Tokens.Select(t => t.Value).ToList();
                continue;
            }
            if (option is Option<bool>)
            {
                if (args.Any(a => a.StartsWith(name + "=", StringComparison.Ordinal))) return empty with { Problem = $"{name} is a flag and takes no value" };
                if (result.GetValue((Option<bool>)option))
                {
                    options[name] = null;
                    if (declared.ConfigKey is { } flagKey) shorthands.Add($"--{flagKey}=true");
                }
                continue;
            }
            if (found.Tokens.Count == 0) return empty with { Problem = $"{name} needs a value" };
            if (found.Tokens.Count > 1) return empty with { Problem = $"{name} is given more than once" };
            options[name] = found.Tokens[0].Value;
            if (declared.ConfigKey is { } key) shorthands.Add($"--{key}={found.Tokens[0].Value}");
        }
        // A shorthand is the override of its key; an explicit --Section:Key on the same line, applied later, wins.
        globals.Overrides.InsertRange(0, shorthands);
        var parsed = empty with { Repeated = repeated, Arguments = positional };
        if (globals.Help) return parsed; // help needs none of the verb's required values
        if (verb.Arguments.Count == 0 || !verb.Arguments[^1].Many)
            if (positional.Count > verb.Arguments.Count) return parsed with { Problem = $"unexpected argument '{positional[verb.Arguments.Count]}'" };
        if (verb.Arguments.Select((a, i) => (a, i)).FirstOrDefault(x => x.a.Required && positional.Count <= x.i) is { a: { } missing })
            return parsed with { Problem = $"{missing.Name} is required" };
        if (GlobalValueProblem(result) is { } formatProblem) return parsed with { Problem = formatProblem };
        return parsed;
    }

    /// <summary>The values the verb's positional arguments took, in order.</summary>
    private List<string> Positional(Verb verb, ParseResult result) =>
        _argumentsOf[verb].SelectMany(a => result.GetResult(a)?.Tokens.Select(t => t.Value) ?? []).ToList();

    private GlobalOptions Globals(ParseResult result)
    {
        var globals = new GlobalOptions
        {
            Profile = result.GetValue(_profile),
            Root = result.GetValue(_rootFolder),
            Quiet = result.GetValue(_quiet),
            Help = result.GetValue(_help),
        };
        if (result.GetValue(_logFormat) is { } format && format.Equals("json", StringComparison.OrdinalIgnoreCase)) globals.LogFormat = LogFormat.Json;
        return globals;
    }

    private string? GlobalValueProblem(ParseResult result)
    {
        if (result.GetResult(_profile) is { Tokens.Count: 0, Implicit: false }) return "--profile needs a value";
        if (result.GetResult(_rootFolder) is { Tokens.Count: 0, Implicit: false }) return "--root needs a value";
        if (result.GetResult(_logFormat) is not { Implicit: false } format) return null;
        if (format.Tokens.Count == 0) return "--log-format needs a value";
        var value = format.Tokens[0].Value;
        return value.ToLowerInvariant() is "plain" or "json" ? null : $"--log-format: '{value}' is not a log format; expected plain or json";
    }

    /// <summary>
    /// Takes the configuration overrides out of the tokens no verb option matched (<c>--Section:Key=value</c>, or
    /// <c>--Section:Key value</c>), in order, and returns what is left.
    /// </summary>
    private static List<string> Overrides(IReadOnlyList<string> unmatched, GlobalOptions globals, out string? problem)
    {
        problem = null;
        var stray = new List<string>();
        for (var i = 0; i < unmatched.Count; i++)
        {
            var token = unmatched[i];
            if (!GlobalOptions.IsOverride(token)) { stray.Add(token); continue; }
            if (token.Contains('=')) globals.Overrides.Add(token);
            else if (i + 1 < unmatched.Count && !unmatched[i + 1].StartsWith("--")) globals.Overrides.Add($"{token}={unmatched[++i]}");
            else problem ??= $"{token} needs a value: {token}=VALUE";
        }
        return stray;
    }

    /// <summary>"unknown verb 'X'", with the closest verb: the one or two words the user typed where a verb belongs.</summary>
    private string UnknownVerb(ParseResult result, List<string> stray)
    {
        var typed = new List<string>();
        for (CommandResult? c = result.CommandResult; c is not null && c.Command != _root; c = c.Parent as CommandResult) typed.Insert(0, c.Command.Name);
        typed.AddRange(stray.Where(t => !t.StartsWith('-')).Take(typed.Count == 0 ? 2 : 1));
        if (typed.Count == 0) return $"unknown option '{stray.FirstOrDefault()}' before the verb";
        var names = _verbs.Select(v => v.Name).ToList();
        var attempt = string.Join(" ", typed.Take(2));
        var suggestion = ClosestName.Find(attempt, names) ?? ClosestName.Find(typed[0], names)
            ?? names.FirstOrDefault(n => n.StartsWith(typed[0] + " ", StringComparison.Ordinal));
        return $"unknown verb '{attempt}'" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?") + " ('halos --help' lists the verbs)";
    }
}
