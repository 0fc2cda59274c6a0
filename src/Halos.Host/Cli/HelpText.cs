namespace Halos.Host.Cli;

/// <summary>The text of <c>halos --help</c> and <c>halos VERB --help</c>, generated from the verb table so every verb's help has the same shape.</summary>
public static class HelpText
{
    public static string General()
    {
        var width = VerbTable.All.Max(v => v.Name.Length);
        var lines = new List<string>
        {
            "usage: halos VERB [options] [--Section:Key=value ...]",
            "",
            "verbs:",
        };
        lines.AddRange(VerbTable.All.Select(v => $"  {v.Name.PadRight(width)}  {v.Summary}"));
        lines.Add("");
        lines.AddRange(GlobalSection());
        lines.Add("");
        lines.Add("'halos VERB --help' describes one verb.");
        return string.Join(Environment.NewLine, lines);
    }

    public static string For(Verb verb)
    {
        var lines = new List<string> { $"usage: {Synopsis(verb)}", "", verb.Summary + "." };
        if (verb.Details.Length > 0) lines.AddRange(["", verb.Details]);
        if (verb.InputFormat.Length > 0) lines.AddRange(["", "input:", .. verb.InputFormat.Split('\n').Select(l => "  " + l)]);
        if (verb.Arguments.Count > 0)
        {
            lines.AddRange(["", "arguments:"]);
            var width = verb.Arguments.Max(a => a.Name.Length);
            lines.AddRange(verb.Arguments.Select(a => $"  {a.Name.PadRight(width)}  {a.Description}{(a.Required ? "" : " (optional)")}"));
        }
        if (verb.Options.Count > 0)
        {
            lines.AddRange(["", "options:"]);
            var width = verb.Options.Max(o => o.Synopsis.Length);
            lines.AddRange(verb.Options.Select(o => $"  {o.Synopsis.PadRight(width)}  {Describe(o)}"));
        }
        lines.Add("");
        lines.AddRange(GlobalSection());
        return string.Join(Environment.NewLine, lines);
    }

    public static string Synopsis(Verb verb)
    {
        var arguments = string.Join(" ", verb.Arguments.Where(a => !a.AfterSeparator).Select(a => a.Required ? a.Synopsis : $"[{a.Synopsis}]"));
        var options = string.Join(" ", verb.Options.Select(o => o.Required ? o.Synopsis : $"[{o.Synopsis}]"));
        var separated = string.Join(" ", verb.Arguments.Where(a => a.AfterSeparator).Select(a => a.Synopsis));
        return $"halos {verb.Name} {arguments} {options} [--profile NAME] [--Section:Key=value ...] {separated}".Replace("   ", " ").Replace("  ", " ").TrimEnd();
    }

    /// <summary>An option's line: its description, what it sets, and its default (the option class's, for a shorthand).</summary>
    private static string Describe(VerbOption option)
    {
        var text = option.Description;
        if (option.ConfigKey is { } key && !text.Contains(key, StringComparison.Ordinal)) text += $" (sets {key})";
        if (!option.Required && !text.Contains("default", StringComparison.Ordinal))
            text += option.ConfigKey is { } shorthand && Configuration.HalosOptions.DefaultOf(shorthand) is { } value ? $" (default: {value})"
                : option.IsFlag ? " (default: off)"
                : "";
        if (option.Repeats) text += " (may be repeated)";
        return option.Required ? text + " (required)" : text;
    }

    private const string ExitCodesLine = "exit codes: 0 success, 1 runtime failure, 2 usage or configuration error, 130 interrupted (checkpoint saved), 3 aborted by a second Ctrl+C (nothing saved)";

    private static IEnumerable<string> GlobalSection()
    {
        var width = GlobalOptions.All.Max(o => o.Synopsis.Length);
        yield return "global options:";
        foreach (var o in GlobalOptions.All) yield return $"  {o.Synopsis.PadRight(width)}  {o.Description}";
        yield return $"  {"--Section:Key=VALUE".PadRight(width)}  override one configuration key (highest precedence)";
        yield return "";
        yield return "configuration, lowest precedence first: option defaults < appsettings.json < profile";
        yield return "  < environment (HALOS__Section__Key=value) < command line (--Section:Key=value);";
        yield return "  'halos config show' lists every key with its default, its value and the layer it came from";
        yield return ExitCodesLine;
    }
}
