using System.Text;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Normalizers;

/// <summary>
/// BERT's normalization: drop control chars and turn whitespace into spaces (clean_text), put
/// spaces around CJK ideographs so each becomes its own word (handle_chinese_chars), then
/// lowercase and strip accents. strip_accents left null follows lowercase, as in HF.
/// </summary>
internal sealed class BertNormalizer(bool cleanText, bool handleChineseChars, bool? stripAccents, bool lowercase) : INormalizer
{
    private static readonly UnicodeFormNormalizer Nfd = new(NormalizationForm.FormD);
    private static readonly StripAccentsNormalizer MarkRemover = new();
    private static readonly LowercaseNormalizer Lowercaser = new();

    public NormalizedText Normalize(NormalizedText input)
    {
        var text = input;
        if (cleanText || handleChineseChars) text = CleanAndSpace(text);
        if (stripAccents ?? lowercase)
        {
            text = Nfd.Normalize(text);
            text = MarkRemover.Normalize(text);
        }
        if (lowercase) text = Lowercaser.Normalize(text);
        return text;
    }

    private NormalizedText CleanAndSpace(NormalizedText input)
    {
        var text = input.Text;
        var builder = new NormalizedTextBuilder(input);
        var changed = false;
        for (var i = 0; i < text.Length;)
        {
            var cp = text.ConvertToUtf32OrSelf(i, out var width);
            var start = input.StartOf(i);
            var end = input.EndOf(i + width - 1);
            if (cleanText && (cp == 0 || cp == 0xFFFD || BertCharacterClasses.IsControl(cp)))
                changed = true;
            else if (cleanText && BertCharacterClasses.IsWhitespace(cp))
            {
                changed |= cp != ' ';
                builder.Append(' ', start, end);
            }
            else if (handleChineseChars && BertCharacterClasses.IsChineseChar(cp))
            {
                changed = true;
                builder.Append(' ', start, start);
                builder.Append(text.AsSpan(i, width), start, end);
                builder.Append(' ', end, end);
            }
            else builder.Append(text.AsSpan(i, width), start, end);
            i += width;
        }
        return changed ? builder.Build() : input;
    }
}
