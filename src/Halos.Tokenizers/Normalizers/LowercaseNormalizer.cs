using System.Text;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Normalizers;

/// <summary>Unicode lowercasing, code point by code point.</summary>
internal sealed class LowercaseNormalizer : INormalizer
{
    public NormalizedText Normalize(NormalizedText input)
    {
        var text = input.Text;
        var changed = false;
        foreach (var rune in text.EnumerateRunes())
            if (Rune.ToLowerInvariant(rune) != rune) { changed = true; break; }
        if (!changed) return input;
        var builder = new NormalizedTextBuilder(input);
        Span<char> buffer = stackalloc char[2];
        for (var i = 0; i < text.Length;)
        {
            var rune = CharCodePointExtensions.RuneAt(text, i, out var width);
            var written = Rune.ToLowerInvariant(rune).EncodeToUtf16(buffer);
            var start = input.StartOf(i);
            var end = input.EndOf(i + width - 1);
            builder.Append(buffer[..written], start, end);
            i += width;
        }
        return builder.Build();
    }
}
