using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;

namespace Halos.Data.Loading;

/// <summary>
/// One file format users already have, read into examples. Formats live here, not in the loader plugins,
/// so <c>halos data inspect</c> and the tests use them without plugin loading; each built-in loader plugin
/// is a thin wrapper over one format.
/// </summary>
public interface IDataFormat
{
    /// <summary>The loader name profiles use (<c>Data:Loader</c>), e.g. "trl-preference".</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>The kinds this format can produce, natively or derived (pairs to unpaired, lists to pairs, ...).</summary>
    IReadOnlyCollection<DataKind> Kinds { get; }

    /// <summary>
    /// Reads the source's native examples (before conversion to the requested kind). Each row is
    /// converted or throws <see cref="DataFormatException"/>; <see cref="DataReader"/> applies the bad-row policy.
    /// </summary>
    IEnumerable<RowOutcome> ReadRows(DataReadRequest request, CancellationToken cancellationToken);
}

/// <summary>The examples one source row produced, or the located error that rejects it.</summary>
public readonly record struct RowOutcome(IReadOnlyList<Example> Examples, DataFormatException? Error)
{
    public static RowOutcome Of(params Example[] examples) => new(examples, null);

    public static RowOutcome Of(IReadOnlyList<Example> examples) => new(examples, null);

    public static RowOutcome Failed(DataFormatException error) => new([], error);
}
