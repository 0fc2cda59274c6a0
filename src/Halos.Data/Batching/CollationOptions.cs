using Halos.Abstractions.Models;

namespace Halos.Data.Batching;

/// <summary>Which side padding goes on. Training pads right; batched generation pads left so prompts end together.</summary>
public enum PaddingSide
{
    Right,
    Left,
}

/// <summary>
/// How encoded examples become tensors: the pad id, the padding side, and an optional multiple to round the
/// padded length up to (8 suits tensor cores).
/// </summary>
public sealed record CollationOptions(int PadTokenId, PaddingSide Side = PaddingSide.Right, int PadToMultipleOf = 0)
{
    /// <summary>Pads with the tokenizer's pad token, or EOS, or 0 when it has neither.</summary>
    public static CollationOptions For(ITokenizer tokenizer, PaddingSide side = PaddingSide.Right, int padToMultipleOf = 0) =>
        new(tokenizer.PadTokenId ?? tokenizer.EosTokenId ?? 0, side, padToMultipleOf);
}
