using System.Text;
using System.Text.RegularExpressions;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.PreTokenizers;

/// <summary>
/// GPT-2's byte-level step: optionally adds a leading space, optionally splits with the GPT-2
/// regex, then hands pieces to the model as UTF-8 bytes in the byte alphabet. The byte mapping is
/// deferred (the piece is flagged) so the model can cache on the original chars.
/// </summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly Lazy<UnicodeRegex> Gpt2Regex = new(() => OnigurumaPattern.Compile(Gpt2Pattern));

    public void PreTokenize(List<PreToken> pieces, SectionInfo section)
    {
        var output = new List<PreToken>(pieces.Count * 4);
        foreach (var original in pieces)
        {
            var piece = original.ByteLevel ? Materialize(original) : original;
            if (addPrefixSpace && (piece.Length == 0 || piece.Text.Span[0] != ' ')) piece = WithPrefixSpace(piece);
            if (!useRegex)
            {
                output.Add(piece.WithByteLevel());
                continue;
            }
            var regex = Gpt2Regex.Value;
            foreach (var m in regex.EnumerateMatches(piece.Text.Span))
                if (m.Length > 0) output.Add(piece.Slice(m.Index, m.Length).WithByteLevel());
        }
        pieces.Clear();
        pieces.AddRange(output);
    }

    private static PreToken WithPrefixSpace(in PreToken piece)
    {
        var map = piece.MapArray();
        var newMap = new int[map.Length + 2];
        // The inserted space takes the span of the char it precedes, as HF's prepend does.
        var anchor = piece.Length > 0 ? (map[0], map[1]) : (piece.NormalizedStart, piece.NormalizedStart);
        newMap[0] = anchor.Item1;
        newMap[1] = anchor.Item2;
        map.CopyTo(newMap, 2);
        return new PreToken((" " + piece.Text.ToString()).AsMemory(), piece.NormalizedStart, newMap);
    }

    /// <summary>Rewrites a flagged piece into explicit byte-alphabet chars, for steps that must see them.</summary>
    public static PreToken Materialize(in PreToken piece)
    {
        var text = piece.Text.Span;
        var chars = new StringBuilder(text.Length * 2);
        var map = new List<int>(text.Length * 4);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length;)
        {
            var rune = CharCodePointExtensions.RuneAt(text, i, out var width);
            var n = rune.EncodeToUtf8(utf8);
            var (start, end) = piece.ToNormalized(i, i + width);
            for (var k = 0; k < n; k++)
            {
                chars.Append(ByteLevelAlphabet.ByteToChar[utf8[k]]);
                map.Add(start);
                map.Add(end);
            }
            i += width;
        }
        return new PreToken(chars.ToString().AsMemory(), piece.NormalizedStart, map.ToArray());
    }
}
