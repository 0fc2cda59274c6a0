using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Normalizers;

/// <summary>Removes leading and/or trailing whitespace.</summary>
internal sealed class StripNormalizer(bool left, bool right) : INormalizer
{
    public NormalizedText Normalize(NormalizedText input)
    {
        var text = input.Text;
        var start = 0;
        var end = text.Length;
        if (left) while (start < end && char.IsWhiteSpace(text[start])) start++;
        if (right) while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (start == 0 && end == text.Length) return input;
        var builder = new NormalizedTextBuilder(input);
        builder.Copy(input, start, end);
        return builder.Build();
    }
}
