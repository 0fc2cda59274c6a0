namespace Halos.Tokenizers.Models;

/// <summary>
/// BPE merge rules keyed by the pair of symbol ids, giving the merge's rank (its priority) and
/// the id of the merged symbol. Lookups by id pair avoid building strings while merging.
/// </summary>
internal sealed class BpeMergeTable
{
    private readonly Dictionary<long, long> _merges;

    public BpeMergeTable(int capacity) => _merges = new Dictionary<long, long>(capacity);

    public int Count => _merges.Count;

    public void Add(int left, int right, int rank, int merged) =>
        _merges.TryAdd(Key(left, right), ((long)rank << 32) | (uint)merged);

    /// <summary>Rank and merged id for the pair, or rank -1 when the pair never merges.</summary>
    public (int Rank, int Merged) Find(int left, int right) =>
        _merges.TryGetValue(Key(left, right), out var v) ? ((int)(v >> 32), (int)(uint)v) : (-1, -1);

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;
}
