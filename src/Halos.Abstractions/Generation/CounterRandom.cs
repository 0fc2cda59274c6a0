namespace Halos.Abstractions.Generation;

/// <summary>
/// Uniform numbers that are a pure function of (seed, stream, counter): SplitMix64's finaliser (Steele et al. 2014)
/// chained over the three. Each completion draws from its own stream, one number per step, so a sample does not depend
/// on which other rows share its batch, and resuming a run needs only the seed and the step, not a generator's state.
/// </summary>
public static class CounterRandom
{
    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public static double Uniform(ulong seed, ulong stream, ulong counter)
    {
        var x = Mix(Mix(Mix(seed) ^ stream) ^ counter);
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>The stream of the <paramref name="sample"/>-th completion of prompt <paramref name="index"/>.</summary>
    public static ulong Stream(long index, int sample) => ((ulong)index << 24) ^ (ulong)(uint)sample;

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
