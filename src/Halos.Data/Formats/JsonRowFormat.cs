using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Data.Reading;

namespace Halos.Data.Formats;

/// <summary>A format whose rows are independent JSON objects (JSONL, a JSON array, gzipped or not).</summary>
public abstract class JsonRowFormat : IDataFormat
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public abstract IReadOnlyCollection<DataKind> Kinds { get; }

    public IEnumerable<RowOutcome> ReadRows(DataReadRequest request, CancellationToken cancellationToken)
    {
        foreach (var item in JsonRecords.Read(request.Path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (item.Error is { } error)
            {
                yield return RowOutcome.Failed(error);
                continue;
            }
            RowOutcome outcome;
            try
            {
                outcome = RowOutcome.Of(Convert(item.Record!, request));
            }
            catch (DataFormatException e)
            {
                outcome = RowOutcome.Failed(e);
            }
            yield return outcome;
        }
    }

    /// <summary>The examples of one row; throws <see cref="DataFormatException"/> (via <see cref="JsonRecord.Error(string, string)"/>) when it is bad.</summary>
    protected abstract IReadOnlyList<Example> Convert(JsonRecord row, DataReadRequest request);
}
