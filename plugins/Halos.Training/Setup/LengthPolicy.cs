using Halos.Abstractions.Data;
using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Data.Tokenization;

namespace Halos.Training.Setup;

/// <summary>
/// Applies the over-length policy to a whole data set before the first batch, so nothing long is silently
/// mangled mid-run: <c>truncate</c> and <c>drop</c> report how many rows they affected (and the first one),
/// <c>drop</c> removes those rows, and <c>error</c> stops at the first over-long row, naming it.
/// </summary>
public static class LengthPolicy
{
    public static IReadOnlyList<Example> Apply(IReadOnlyList<Example> examples, string setting, ITokenizer tokenizer, CollateOptions collate, Action<string> report)
    {
        var options = EncodingOptions.From(collate);
        options.Validate();
        var encoded = new ExampleEncoder(tokenizer, options).EncodeAll(examples);
        var summary = encoded.Report.Summary();
        if (encoded.Report.Affected.Count > 0) report($"{setting}: {summary}");
        if (encoded.Report.Dropped == 0) return examples;
        var dropped = encoded.Report.Affected.Where(a => a.Action == OverLengthPolicy.Drop).Select(a => a.Id).ToHashSet();
        var kept = examples.Where(e => !dropped.Contains(e.Id)).ToList();
        if (kept.Count == 0)
            throw new DataFormatException(setting, null, $"every row exceeds the length budget and was dropped ({summary}); raise Data:MaxLength (or Data:MaxPromptLength, Data:MaxCompletionLength) or use Data:OverLength=truncate");
        return kept;
    }
}
