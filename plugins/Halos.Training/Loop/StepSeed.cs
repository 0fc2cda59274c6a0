using Halos.Data.Batching;

namespace Halos.Training.Loop;

/// <summary>
/// Seeds torch's generators (dropout, sampling) as a function of the run seed and the step alone. libtorch's
/// generator state is not saved in a checkpoint; re-seeding before every step makes a resumed run draw
/// exactly the random numbers the uninterrupted run drew, with nothing to restore but the step.
/// </summary>
public static class StepSeed
{
    /// <summary>The seed for building the modules (initialisation of from-scratch weights, new heads).</summary>
    public static ulong ForInitialization(long seed) => SeededRandom.For(seed, -1).NextUInt64();

    /// <summary>
    /// The seed of the 0-based optimiser step <paramref name="step"/> on rank <paramref name="rank"/>. Ranks draw
    /// different numbers (their dropout masks must differ, or data parallelism would repeat one mask per step);
    /// rank 0 draws what a single process draws.
    /// </summary>
    public static ulong ForStep(long seed, long step, int rank = 0)
    {
        var value = SeededRandom.For(seed, step).NextUInt64();
        return rank == 0 ? value : SeededRandom.For(unchecked((long)value), rank).NextUInt64();
    }

    /// <summary>The seed of an evaluation, so it draws the same numbers whenever it runs.</summary>
    public static ulong ForEvaluation(long seed) => SeededRandom.For(seed, -2).NextUInt64();
}
