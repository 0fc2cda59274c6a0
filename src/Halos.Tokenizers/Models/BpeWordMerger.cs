namespace Halos.Tokenizers.Models;

/// <summary>
/// Applies BPE merges to one word: repeatedly merges the adjacent pair with the lowest rank,
/// leftmost first on ties, until no pair merges. Symbols stay in their original slots (a linked
/// list over arrays) and a min-heap keyed by (rank, slot) picks the next merge, so a word of n
/// symbols costs O(n log n) rather than O(n²). Reused per thread to avoid allocation.
/// </summary>
internal sealed class BpeWordMerger
{
    [ThreadStatic] private static BpeWordMerger? _perThread;

    public static BpeWordMerger ForThisThread => _perThread ??= new BpeWordMerger();

    public int[] Ids = new int[64];
    public int[] Starts = new int[64];
    public int[] Lengths = new int[64];
    private int[] _prev = new int[64];
    private int[] _next = new int[64];
    private long[] _heap = new long[64];
    private int _heapCount;
    public int Count;

    public void Reset(int capacity)
    {
        Count = 0;
        if (Ids.Length < capacity)
        {
            var size = Math.Max(capacity, Ids.Length * 2);
            Ids = new int[size];
            Starts = new int[size];
            Lengths = new int[size];
            _prev = new int[size];
            _next = new int[size];
            _heap = new long[size * 2];
        }
    }

    public void Add(int id, int start, int length)
    {
        Ids[Count] = id;
        Starts[Count] = start;
        Lengths[Count] = length;
        Count++;
    }

    /// <summary>Runs the merges; afterwards live symbols are those with a non-zero length, in slot order.</summary>
    public void Merge(BpeMergeTable merges)
    {
        var n = Count;
        for (var i = 0; i < n; i++)
        {
            _prev[i] = i - 1;
            _next[i] = i + 1 < n ? i + 1 : -1;
        }
        _heapCount = 0;
        for (var i = 0; i + 1 < n; i++)
        {
            var (rank, _) = merges.Find(Ids[i], Ids[i + 1]);
            if (rank >= 0) Push(((long)rank << 32) | (uint)i);
        }
        while (_heapCount > 0)
        {
            var top = Pop();
            var rank = (int)(top >> 32);
            var pos = (int)(uint)top;
            if (Lengths[pos] == 0) continue;
            var next = _next[pos];
            if (next < 0) continue;
            var (currentRank, merged) = merges.Find(Ids[pos], Ids[next]);
            if (currentRank != rank) continue; // stale entry: a neighbour merged since it was queued
            Ids[pos] = merged;
            Lengths[pos] += Lengths[next];
            Lengths[next] = 0;
            var after = _next[next];
            _next[pos] = after;
            if (after >= 0) _prev[after] = pos;
            var prev = _prev[pos];
            if (prev >= 0)
            {
                var (r, _) = merges.Find(Ids[prev], Ids[pos]);
                if (r >= 0) Push(((long)r << 32) | (uint)prev);
            }
            if (after >= 0)
            {
                var (r, _) = merges.Find(Ids[pos], Ids[after]);
                if (r >= 0) Push(((long)r << 32) | (uint)pos);
            }
        }
    }

    private void Push(long key)
    {
        if (_heapCount == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var i = _heapCount++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (_heap[parent] <= key) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = key;
    }

    private long Pop()
    {
        var top = _heap[0];
        var last = _heap[--_heapCount];
        var i = 0;
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= _heapCount) break;
            if (child + 1 < _heapCount && _heap[child + 1] < _heap[child]) child++;
            if (_heap[child] >= last) break;
            _heap[i] = _heap[child];
            i = child;
        }
        _heap[i] = last;
        return top;
    }
}
