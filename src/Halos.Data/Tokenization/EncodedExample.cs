using Halos.Abstractions.Data;

namespace Halos.Data.Tokenization;

/// <summary>
/// An example with its token sequences, one per completion, in a fixed order: SFT and unpaired one;
/// pairs chosen then rejected; ranked lists best first; groups in their order.
/// <see cref="Truncated"/> says the length policy cut it.
/// </summary>
public sealed record EncodedExample(Example Source, IReadOnlyList<TokenSequence> Sequences, bool Truncated = false)
{
    /// <summary>The longest sequence, what a batch is padded to.</summary>
    public int MaxLength => Sequences.Count == 0 ? 0 : Sequences.Max(s => s.Length);
}
