using System.Text.RegularExpressions;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Normalizers;

/// <summary>Replaces every match of a string or regex pattern with fixed content.</summary>
internal sealed class ReplaceNormalizer(UnicodeRegex pattern, string content) : INormalizer
{
    public NormalizedText Normalize(NormalizedText input)
    {
        var text = input.Text;
        var builder = (NormalizedTextBuilder?)null;
        var copied = 0;
        foreach (var m in pattern.EnumerateMatches(text))
        {
            if (m.Length == 0) continue;
            builder ??= new NormalizedTextBuilder(input);
            builder.Copy(input, copied, m.Index);
            var (start, end) = input.ToOriginal(m.Index, m.Index + m.Length);
            builder.Append(content, start, end);
            copied = m.Index + m.Length;
        }
        if (builder is null) return input;
        builder.Copy(input, copied, text.Length);
        return builder.Build();
    }
}
