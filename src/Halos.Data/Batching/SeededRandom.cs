namespace Halos.Data.Batching;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by this code alone, so a seed gives the same data
/// order on every .NET version and machine (System.Random's algorithm is an implementation detail).
/// </summary>
public sealed class SeededRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A generator for one (seed, stream) pair, e.g. (run seed, epoch).</summary>
    public static SeededRandom For(long seed, long stream) => new(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xD1B54A32D192ED03UL));

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>), by rejection so no value is favoured.</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound));
        var limit = ulong.MaxValue - ulong.MaxValue % (ulong)bound;
        ulong value;
        do value = NextUInt64(); while (value >= limit);
        return (int)(value % (ulong)bound);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fisher–Yates, in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
