using Halos.Abstractions.Options;
using Halos.Abstractions.Training;
using Halos.Data.Tokenization;
using Halos.Host.Cli;
using Halos.Host.Configuration;
using Halos.Host.Hosting;

namespace Halos.Host.Verbs;

/// <summary>
/// The length-limit options of the verbs that encode data outside a run (<c>data inspect</c>, <c>logprobs</c>):
/// shorthands for the <c>Data</c> section's keys, so what these verbs show is what <c>train</c> would do with the same
/// configuration (a profile's limits included), and a flag overrides it for one look.
/// </summary>
public static class LengthOptions
{
    private static readonly string[] Keys = [nameof(DataOptions.MaxLength), nameof(DataOptions.MaxPromptLength), nameof(DataOptions.MaxCompletionLength), nameof(DataOptions.OverLength)];

    /// <param name="when">What the limits apply to, for the help text ("with --loader: ").</param>
    public static IReadOnlyList<VerbOption> Declared(string when = "") =>
    [
        new("--max-length", "N", $"{when}the token budget per sequence (same as --Data:MaxLength; default 1024)") { ConfigKey = "Data:MaxLength" },
        new("--max-prompt-length", "N", $"{when}the prompt budget (same as --Data:MaxPromptLength; default 0, none)") { ConfigKey = "Data:MaxPromptLength" },
        new("--max-completion-length", "N", $"{when}the completion budget (same as --Data:MaxCompletionLength; default 0, none)") { ConfigKey = "Data:MaxCompletionLength" },
        new("--over-length", "truncate|drop|error", $"{when}what happens to a longer row (same as --Data:OverLength; default truncate)") { ConfigKey = "Data:OverLength" },
    ];

    /// <summary>The flag names, to tell whether any was given.</summary>
    public static IEnumerable<string> Names => Declared().Select(o => o.Name);

    /// <summary>The limits of the session's <c>Data</c> section as the encoder applies them, and whether any layer set them.</summary>
    public static (EncodingOptions Limits, bool Given) Of(HalosSession session)
    {
        EncodingOptions limits;
        try
        {
            limits = EncodingOptions.From(CollateOptions.From(session.Options.Data));
            limits.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(DataOptions.Section, e.Message.Split(" (Parameter")[0]);
        }
        var given = Keys.Any(k => session.Configuration.SourceOf($"{DataOptions.Section}:{k}") != LayeredConfiguration.DefaultSource);
        return (limits, given);
    }
}
