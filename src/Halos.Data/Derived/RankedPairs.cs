using Halos.Abstractions.Data;

namespace Halos.Data.Derived;

/// <summary>A ranked list as preference pairs: every (better, worse) ordered pair, N(N-1)/2 of them.</summary>
public static class RankedPairs
{
    public static IEnumerable<PairedExample> Expand(RankedExample ranked)
    {
        var list = ranked.BestToWorst;
        for (var i = 0; i < list.Count; i++)
        for (var j = i + 1; j < list.Count; j++)
            yield return new PairedExample($"{ranked.Id}#{i}>{j}", ranked.Prompt, list[i], list[j]);
    }
}
