namespace Halos.Torch.Distributed;

/// <summary>
/// Which part of a range of example indices a rank takes: contiguous, balanced (the first
/// count % world ranks take one more), and a pure function of (range, rank, world), so every rank
/// computes every other rank's part identically and a resumed run picks up the same split.
/// </summary>
public readonly record struct DataShard(long Start, long Count)
{
    public long End => Start + Count;

    /// <summary>Rank <paramref name="rank"/>'s part of [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    public static DataShard Of(long start, long count, int rank, int worldSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(worldSize, 1);
        if (rank < 0 || rank >= worldSize) throw new ArgumentOutOfRangeException(nameof(rank), $"rank {rank} is outside 0..{worldSize - 1}");
        var baseSize = count / worldSize;
        var extra = count % worldSize;
        var offset = rank * baseSize + Math.Min(rank, extra);
        return new DataShard(start + offset, baseSize + (rank < extra ? 1 : 0));
    }

    /// <summary>This rank's items of <paramref name="items"/>.</summary>
    public static IReadOnlyList<T> Select<T>(IReadOnlyList<T> items, int rank, int worldSize)
    {
        var s = Of(0, items.Count, rank, worldSize);
        var result = new T[s.Count];
        for (var i = 0; i < s.Count; i++) result[i] = items[(int)(s.Start + i)];
        return result;
    }
}
