using Halos.Torch;

namespace Halos.Models.Generation;

/// <summary>Finds the rows of a left-padded prompt batch that repeat an earlier row, ids and mask alike.</summary>
internal static class PromptRows
{
    /// <summary>
    /// When some rows repeat: the first row of each distinct prompt [D] and, for every row, the index of its prompt
    /// among those [B] (int64, on the batch's device). Both null when every row is distinct.
    /// </summary>
    public static (Tensor? Distinct, Tensor? RowOf) Distinct(Tensor inputIds, Tensor attentionMask)
    {
        var batch = (int)inputIds.size(0);
        if (batch < 2) return (null, null);
        var length = (int)inputIds.size(1);
        using var scope = torch.NewDisposeScope();
        var ids = inputIds.to(Device.CPU).to(ScalarType.Int64).contiguous().data<long>();
        var mask = attentionMask.to(Device.CPU).to(ScalarType.Int64).contiguous().data<long>();
        var seen = new Dictionary<RowKey, long>();
        var first = new List<long>();
        var rowOf = new long[batch];
        for (var b = 0; b < batch; b++)
        {
            var key = new RowKey(ids.AsMemory(b * length, length), mask.AsMemory(b * length, length));
            if (!seen.TryGetValue(key, out var index))
            {
                index = first.Count;
                seen[key] = index;
                first.Add(b);
            }
            rowOf[b] = index;
        }
        if (first.Count == batch) return (null, null);
        var device = inputIds.device;
        return (scope.MoveToOuter(torch.tensor(first.ToArray(), first.Count).to(device)), scope.MoveToOuter(torch.tensor(rowOf, batch).to(device)));
    }

    private readonly struct RowKey(ReadOnlyMemory<long> ids, ReadOnlyMemory<long> mask) : IEquatable<RowKey>
    {
        private readonly ReadOnlyMemory<long> _ids = ids, _mask = mask;

        public bool Equals(RowKey other) => _ids.Span.SequenceEqual(other._ids.Span) && _mask.Span.SequenceEqual(other._mask.Span);

        public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var id in _ids.Span) hash.Add(id);
            foreach (var m in _mask.Span) hash.Add(m);
            return hash.ToHashCode();
        }
    }
}
