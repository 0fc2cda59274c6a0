namespace Halos.Data.Loading;

/// <summary>
/// What one read of a source did: rows read, examples produced and rows rejected with their reasons.
/// A skipped row is always counted here, so nothing is dropped without a trace.
/// </summary>
public sealed class ReadReport
{
    private readonly List<RejectedRow> _rejected = [];

    public long RowsRead { get; internal set; }

    public long ExamplesProduced { get; internal set; }

    public IReadOnlyList<RejectedRow> Rejected => _rejected;

    internal void Reject(RejectedRow row) => _rejected.Add(row);

    /// <summary>The warning shown before training when rows were skipped, or null when none were.</summary>
    public string? Warning(string input)
    {
        if (_rejected.Count == 0) return null;
        var first = _rejected[0];
        return $"{input}: skipped {_rejected.Count} of {RowsRead} rows (Data:OnBadRow=skip); first: {first}";
    }
}
