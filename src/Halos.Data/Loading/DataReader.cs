using Halos.Abstractions.Data;
using Halos.Data.Derived;

namespace Halos.Data.Loading;

/// <summary>
/// Reads a source through a format: applies the bad-row policy (an error stops the read naming file, line
/// and field; skip leaves the row out and records it in the <see cref="ReadReport"/>), converts each example
/// to the requested kind, and honours the example limit. A source that yields no examples at all is an error
/// unless <see cref="DataReadRequest.AllowEmpty"/> says it is intended.
/// </summary>
public static class DataReader
{
    public static IEnumerable<Example> Read(IDataFormat format, DataReadRequest request, ReadReport report, CancellationToken cancellationToken = default)
    {
        if (!format.Kinds.Contains(request.Kind))
            throw new DataFormatException(request.Path, null,
                $"loader '{format.Name}' cannot produce {request.Kind.ToString().ToLowerInvariant()} data; it produces {string.Join(", ", format.Kinds).ToLowerInvariant()}");
        return ReadChecked(format, request, report, cancellationToken);
    }

    private static IEnumerable<Example> ReadChecked(IDataFormat format, DataReadRequest request, ReadReport report, CancellationToken cancellationToken)
    {
        foreach (var row in format.ReadRows(request, cancellationToken))
        {
            report.RowsRead++;
            if (row.Error is { } error)
            {
                if (request.OnBadRow == BadRowPolicy.Error) throw error;
                report.Reject(RejectedRow.From(error));
                continue;
            }
            foreach (var example in row.Examples)
            foreach (var converted in KindConversion.Convert(example, request.Kind))
            {
                report.ExamplesProduced++;
                yield return converted;
                if (request.Limit > 0 && report.ExamplesProduced >= request.Limit) yield break;
            }
        }
        if (report.ExamplesProduced == 0 && !request.AllowEmpty) throw NothingRead(request, report);
    }

    private static DataFormatException NothingRead(DataReadRequest request, ReadReport report)
    {
        const string allow = "set Data:Options:AllowEmpty=true if an empty dataset is intended";
        if (report.RowsRead == 0)
            return new(request.Path, null, $"holds no data rows (an empty file, or only blank lines); {allow}");
        if (report.Rejected.Count == report.RowsRead)
            return new(request.Path, null, $"all {report.RowsRead} rows were rejected (Data:OnBadRow=skip), so nothing is left to read; first: {report.Rejected[0]}");
        var split = request.Split is null ? "" : $" for split '{request.Split}'";
        return new(request.Path, null, $"its {report.RowsRead} rows yield no {request.Kind.ToString().ToLowerInvariant()} examples{split}; {allow}");
    }

    /// <summary>
    /// Reads everything up front: the form the plugins use when rows may be skipped, so the skip count is
    /// known (and warned about) before the first example is trained on.
    /// </summary>
    public static IReadOnlyList<Example> ReadAll(IDataFormat format, DataReadRequest request, out ReadReport report, CancellationToken cancellationToken = default)
    {
        report = new ReadReport();
        return Read(format, request, report, cancellationToken).ToList();
    }
}
