namespace Halos.Tokenizers.Text;

/// <summary>Reading code points out of UTF-16 text without allocating.</summary>
internal static class CharCodePointExtensions
{
    /// <summary>The code point at <paramref name="index"/>, treating a valid surrogate pair as one.</summary>
    public static int ConvertToUtf32OrSelf(this string s, int index, out int width) => ConvertToUtf32OrSelf(s.AsSpan(), index, out width);

    /// <summary>The rune at <paramref name="index"/>; a lone surrogate reads as U+FFFD of width 1, as UTF-8 encoders treat it.</summary>
    public static System.Text.Rune RuneAt(ReadOnlySpan<char> s, int index, out int width)
    {
        System.Text.Rune.DecodeFromUtf16(s[index..], out var rune, out width);
        return rune;
    }

    public static int ConvertToUtf32OrSelf(ReadOnlySpan<char> s, int index, out int width)
    {
        var c = s[index];
        if (char.IsHighSurrogate(c) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, s[index + 1]);
        }
        width = 1;
        return c;
    }
}
