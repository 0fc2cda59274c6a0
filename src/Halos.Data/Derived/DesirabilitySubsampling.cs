using Halos.Abstractions.Data;
using Halos.Data.Batching;

namespace Halos.Data.Derived;

/// <summary>
/// KTO's <c>frac_desirable</c> / <c>frac_undesirable</c>: keep that fraction of each class, chosen at random
/// with a seed (round(fraction × count) examples, so the result size is exact). Kept examples stay in their
/// original order.
/// </summary>
public static class DesirabilitySubsampling
{
    public static IReadOnlyList<Example> Apply(IReadOnlyList<Example> examples, double fracDesirable, double fracUndesirable, long seed)
    {
        foreach (var (name, value) in new[] { ("frac_desirable", fracDesirable), ("frac_undesirable", fracUndesirable) })
            if (!(value is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1]");
        var keep = new bool[examples.Count];
        Choose(examples, keep, desirable: true, fracDesirable, SeededRandom.For(seed, 1));
        Choose(examples, keep, desirable: false, fracUndesirable, SeededRandom.For(seed, 2));
        return examples.Where((e, i) => keep[i] || e is not UnpairedExample).ToList();
    }

    private static void Choose(IReadOnlyList<Example> examples, bool[] keep, bool desirable, double fraction, SeededRandom random)
    {
        var members = Enumerable.Range(0, examples.Count).Where(i => examples[i] is UnpairedExample u && u.Desirable == desirable).ToList();
        random.Shuffle(members);
        foreach (var i in members.Take((int)Math.Round(fraction * members.Count, MidpointRounding.AwayFromZero))) keep[i] = true;
    }
}
