using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Microsoft.Extensions.Configuration;

namespace Halos.Data.Loading;

/// <summary>
/// What a format is asked to read, with the loader options already checked:
/// <list type="bullet">
/// <item><c>OnBadRow</c>: <c>error</c> (default) or <c>skip</c>;</item>
/// <item><c>AllowEmptyCompletions</c>: accept empty responses (default false; the HH format defaults to true,
/// because Anthropic HH contains deliberate empty answers);</item>
/// <item><c>Split</c>: for files that mark rows with a split (HALOs feedback), which one to read; a
/// <c>#split</c> suffix on the location does the same (<c>feedback.json#test</c>);</item>
/// <item><c>PromptColumn</c>: for ranked TSV, whether the first column is the prompt (default false);</item>
/// <item><c>AllowEmpty</c>: accept a source that yields no examples (default false: an empty or fully rejected file
/// is an error, so a damaged or mis-pointed file is never trained on as an empty dataset).</item>
/// </list>
/// </summary>
public sealed record DataReadRequest
{
    public required string Path { get; init; }

    public required DataKind Kind { get; init; }

    public BadRowPolicy OnBadRow { get; init; } = BadRowPolicy.Error;

    public bool? AllowEmptyCompletions { get; init; }

    public string? Split { get; init; }

    public bool PromptColumn { get; init; }

    public bool AllowEmpty { get; init; }

    /// <summary>Stop after this many examples; 0 reads all.</summary>
    public long Limit { get; init; }

    /// <summary>Builds a request from a host <see cref="DataSource"/>, validating the options it reads.</summary>
    public static DataReadRequest From(DataSource source)
    {
        var (path, split) = SplitSuffix(source.Location);
        var options = source.Options;
        return new DataReadRequest
        {
            Path = path,
            Kind = source.Kind,
            OnBadRow = ParsePolicy(source.OnBadRow ?? options["OnBadRow"], path),
            AllowEmptyCompletions = ParseBool(options["AllowEmptyCompletions"], "AllowEmptyCompletions", path),
            Split = split ?? (string.IsNullOrWhiteSpace(options["Split"]) ? null : options["Split"]),
            PromptColumn = ParseBool(options["PromptColumn"], "PromptColumn", path) ?? false,
            AllowEmpty = ParseBool(options["AllowEmpty"], "AllowEmpty", path) ?? false,
            Limit = source.Limit,
        };
    }

    public static BadRowPolicy ParsePolicy(string? value, string input) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "error" => BadRowPolicy.Error,
        "skip" => BadRowPolicy.Skip,
        _ => throw new DataFormatException(input, null, $"Data:OnBadRow is '{value}'; expected 'error' or 'skip'"),
    };

    private static bool? ParseBool(string? value, string key, string input) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "true" => true,
        "false" => false,
        _ => throw new DataFormatException(input, null, $"Data:Options:{key} is '{value}'; expected true or false"),
    };

    /// <summary><c>data/feedback.json#test</c> names the file and the split; a real file with '#' in its name wins.</summary>
    private static (string Path, string? Split) SplitSuffix(string location)
    {
        var hash = location.LastIndexOf('#');
        if (hash <= 0 || File.Exists(location)) return (location, null);
        return (location[..hash], location[(hash + 1)..]);
    }
}
