using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Data.Reading;

namespace Halos.Data.Formats;

/// <summary>
/// Ranked lists, one row of tab-separated responses ordered best first, 2..N per row (rows may differ in
/// length). With <c>Data:Options:PromptColumn=true</c> the first column is the prompt; otherwise the prompt is
/// empty (a reward model over responses alone). Blank lines are ignored.
/// </summary>
public sealed class RankedTsvFormat : IDataFormat
{
    public string Name => "ranked-tsv";

    public string Description => "Ranked lists: tab-separated responses, best first, 2..N per row (optional prompt column)";

    public IReadOnlyCollection<DataKind> Kinds { get; } = [DataKind.Ranked, DataKind.Paired, DataKind.Scored, DataKind.Sft, DataKind.Grouped];

    public IEnumerable<RowOutcome> ReadRows(DataReadRequest request, CancellationToken cancellationToken)
    {
        foreach (var (line, text, error) in DataFile.ReadLines(request.Path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (error is not null)
            {
                yield return RowOutcome.Failed(error);
                continue;
            }
            if (string.IsNullOrWhiteSpace(text)) continue;
            yield return ParseRow(request, line, text.TrimEnd('\r'));
        }
    }

    private static RowOutcome ParseRow(DataReadRequest request, long line, string text)
    {
        var fields = text.Split('\t');
        var first = request.PromptColumn ? 1 : 0;
        var responses = fields[first..];
        if (responses.Length < 2)
            return RowOutcome.Failed(new DataFormatException(request.Path, line,
                $"{responses.Length} response(s); expected at least 2 tab-separated responses, best first{(request.PromptColumn ? ", after the prompt column" : "")}"));
        for (var i = 0; i < responses.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(responses[i]) && !(request.AllowEmptyCompletions ?? false))
                return RowOutcome.Failed(new DataFormatException(request.Path, line, $"column {first + i + 1}: the response is empty; expected text (a trailing tab leaves an empty last column)"));
        }
        var prompt = Prompt.FromText(request.PromptColumn ? fields[0] : "");
        return RowOutcome.Of(new RankedExample($"{Path.GetFileName(request.Path)}:{line}", prompt, responses));
    }
}
