using Halos.Abstractions.Data;

namespace Halos.Data.Derived;

/// <summary>
/// A preference pair as KTO's binary feedback: the chosen completion desirable, the rejected one
/// undesirable, both under the pair's prompt.
/// </summary>
public static class PairedToUnpaired
{
    public static IEnumerable<UnpairedExample> Expand(PairedExample pair)
    {
        yield return new UnpairedExample(pair.Id + "#chosen", pair.Prompt, pair.Chosen, Desirable: true);
        yield return new UnpairedExample(pair.Id + "#rejected", pair.Prompt, pair.Rejected, Desirable: false);
    }
}
