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

    /// <summary>The seed of the 0-based optimiser step <paramref name="step"/>.</summary>
    public static ulong ForStep(long seed, long step) => SeededRandom.For(seed, step).NextUInt64();

    /// <summary>The seed of an evaluation, so it draws the same numbers whenever it runs.</summary>
    public static ulong ForEvaluation(long seed) => SeededRandom.For(seed, -2).NextUInt64();
}
