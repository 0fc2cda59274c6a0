using Halos.Abstractions.Running;
using Halos.Data;
using Halos.Host.Verbs;
using Halos.Tokenizers;

namespace Halos.Host.Cli;

/// <summary>Every verb of <c>halos</c>, in the order help lists them.</summary>
public static class VerbTable
{
    public static IReadOnlyList<Verb> All { get; } =
    [
        new RunVerb(RunMode.Train),
        new RunVerb(RunMode.Eval),
        new RunVerb(RunMode.Score),
        new RunVerb(RunMode.Sample),
        new RunVerb(RunMode.Label),
        new LaunchVerb(),
        .. LossVerbs.All,
        new DataPreviewVerb(),
        new DataInspectVerb(),
        new PluginsListVerb(),
        new ProfilesListVerb(),
        new ConfigShowVerb(),
        new Report.ReportVerb(),
        new LogProbsVerb(),
        new ChatTemplateVerb(),
        new TokenizeVerb(),
        new CompletionVerb(),
    ];

    /// <summary>The verb named by the leading words of <paramref name="args"/> (two-word verbs first), and how many words it took.</summary>
    public static (Verb? Verb, int Words) Match(IReadOnlyList<string> args, int start)
    {
        if (start + 1 < args.Count && All.FirstOrDefault(v => v.Name == $"{args[start]} {args[start + 1]}") is { } two) return (two, 2);
        if (start < args.Count && All.FirstOrDefault(v => v.Name == args[start]) is { } one) return (one, 1);
        return (null, 0);
    }
}
