using Halos.Abstractions.Data;

namespace Halos.Data.Loading;

/// <summary>
/// What a loader plugin does with a <see cref="DataSource"/>: with <c>OnBadRow=error</c> it streams, stopping at
/// the first bad row; with <c>OnBadRow=skip</c> it reads the whole source first so the count of skipped rows
/// is reported to <paramref name="warn"/> before the first example is handed out.
/// </summary>
public static class FormatLoading
{
    public static IEnumerable<Example> Load(IDataFormat format, DataSource source, Action<string> warn, CancellationToken cancellationToken = default)
    {
        var request = DataReadRequest.From(source);
        if (request.OnBadRow == BadRowPolicy.Error) return DataReader.Read(format, request, new ReadReport(), cancellationToken);
        var examples = DataReader.ReadAll(format, request, out var report, cancellationToken);
        if (report.Warning(source.Location) is { } warning) warn(warning);
        return examples;
    }
}
