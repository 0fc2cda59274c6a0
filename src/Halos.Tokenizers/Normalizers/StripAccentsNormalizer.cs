using System.Globalization;
using System.Text;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Normalizers;

/// <summary>Removes combining marks (Mn). Usually preceded by NFD so accents are separate marks.</summary>
internal sealed class StripAccentsNormalizer : INormalizer
{
    public NormalizedText Normalize(NormalizedText input)
    {
        var text = input.Text;
        NormalizedTextBuilder? builder = null;
        for (var i = 0; i < text.Length;)
        {
            var cp = text.ConvertToUtf32OrSelf(i, out var width);
            var drop = CharUnicodeInfo.GetUnicodeCategory(cp) == UnicodeCategory.NonSpacingMark;
            if (drop && builder is null)
            {
                builder = new NormalizedTextBuilder(input);
                builder.Copy(input, 0, i);
            }
            if (!drop) builder?.Copy(input, i, i + width);
            i += width;
        }
        return builder?.Build() ?? input;
    }
}
