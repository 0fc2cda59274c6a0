namespace Halos.Tokenizers.Text;

/// <summary>
/// One piece of normalized text on its way to the model. Most pieces are plain slices of the
/// normalized text; pieces a pre-tokenizer rewrote (Metaspace's '▁', an inserted prefix space)
/// carry a per-char map back to normalized offsets.
/// </summary>
internal readonly struct PreToken
{
    public PreToken(ReadOnlyMemory<char> text, int normalizedStart, ReadOnlyMemory<int> map = default, bool byteLevel = false)
    {
        Text = text;
        NormalizedStart = normalizedStart;
        Map = map;
        ByteLevel = byteLevel;
    }

    public ReadOnlyMemory<char> Text { get; }

    /// <summary>When <see cref="Map"/> is empty, char i of <see cref="Text"/> is normalized char NormalizedStart + i.</summary>
    public int NormalizedStart { get; }

    /// <summary>Two ints per char: its normalized [start, end). Empty for plain slices.</summary>
    public ReadOnlyMemory<int> Map { get; }

    /// <summary>
    /// Set by the ByteLevel pre-tokenizer: the model must read the UTF-8 bytes of Text through the
    /// GPT-2 byte alphabet. Keeping Text as the original chars lets the BPE cache key on them.
    /// </summary>
    public bool ByteLevel { get; }

    public int Length => Text.Length;

    public PreToken Slice(int start, int length) =>
        new(Text.Slice(start, length), NormalizedStart + start, Map.IsEmpty ? default : Map.Slice(2 * start, 2 * length), ByteLevel);

    public PreToken WithByteLevel() => new(Text, NormalizedStart, Map, true);

    /// <summary>Maps chars [start, end) of Text to the normalized span they came from.</summary>
    public (int Start, int End) ToNormalized(int start, int end)
    {
        if (Map.IsEmpty) return (NormalizedStart + start, NormalizedStart + end);
        var map = Map.Span;
        if (start >= end)
        {
            var at = start < Length ? map[2 * start] : (Length > 0 ? map[2 * Length - 1] : NormalizedStart);
            return (at, at);
        }
        var s = int.MaxValue;
        var e = int.MinValue;
        for (var i = start; i < end; i++)
        {
            s = Math.Min(s, map[2 * i]);
            e = Math.Max(e, map[2 * i + 1]);
        }
        return (s, e);
    }

    /// <summary>The explicit per-char map, built on demand for pieces that are about to be rewritten.</summary>
    public int[] MapArray()
    {
        var result = new int[2 * Length];
        if (Map.IsEmpty)
        {
            for (var i = 0; i < Length; i++)
            {
                result[2 * i] = NormalizedStart + i;
                result[2 * i + 1] = NormalizedStart + i + 1;
            }
        }
        else Map.Span.CopyTo(result);
        return result;
    }

    public override string ToString() => Text.ToString();
}
