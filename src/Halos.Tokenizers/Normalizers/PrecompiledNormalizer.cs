using System.Globalization;
using System.Text;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Normalizers;

/// <summary>
/// The normalizer transformers writes for SentencePiece models (DeBERTa-v3, T5, ALBERT, XLNet):
/// the model's own rules (usually NFKC plus whitespace and control-char clean-up) from its
/// <see cref="PrecompiledCharsMap"/>. As the Rust tokenizers do: a grapheme shorter than 6 UTF-8
/// bytes is looked up whole first; otherwise, or when it has no rule, each of its chars is looked
/// up alone. A replacement takes the original span of what it replaces.
/// </summary>
internal sealed class PrecompiledNormalizer(PrecompiledCharsMap map) : INormalizer
{
    public NormalizedText Normalize(NormalizedText input)
    {
        var text = input.Text;
        NormalizedTextBuilder? builder = null;
        Span<byte> utf8 = stackalloc byte[64];
        for (var i = 0; i < text.Length;)
        {
            var length = StringInfo.GetNextTextElementLength(text.AsSpan(i));
            var grapheme = text.AsSpan(i, length);
            var byteCount = Encoding.UTF8.GetByteCount(grapheme);
            if (byteCount < 6)
            {
                Encoding.UTF8.GetBytes(grapheme, utf8);
                if (map.Replacement(utf8[..byteCount]) is { } whole)
                {
                    builder = Replace(builder, input, i, i + length, whole);
                    i += length;
                    continue;
                }
            }
            for (var j = i; j < i + length;)
            {
                var width = char.IsHighSurrogate(text[j]) && j + 1 < i + length && char.IsLowSurrogate(text[j + 1]) ? 2 : 1;
                var n = Encoding.UTF8.GetBytes(text.AsSpan(j, width), utf8);
                if (map.Replacement(utf8[..n]) is { } single) builder = Replace(builder, input, j, j + width, single);
                else builder?.Copy(input, j, j + width);
                j += width;
            }
            i += length;
        }
        return builder?.Build() ?? input;
    }

    /// <summary>Starts the builder on the first change (copying what came before), then appends the replacement.</summary>
    private static NormalizedTextBuilder Replace(NormalizedTextBuilder? builder, NormalizedText input, int start, int end, string replacement)
    {
        if (builder is null)
        {
            builder = new NormalizedTextBuilder(input);
            builder.Copy(input, 0, start);
        }
        var (originalStart, originalEnd) = input.ToOriginal(start, end);
        builder.Append(replacement, originalStart, originalEnd);
        return builder;
    }
}
