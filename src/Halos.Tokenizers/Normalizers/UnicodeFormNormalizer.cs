using System.Text;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.Normalizers;

/// <summary>
/// NFC, NFD, NFKC or NFKD. Text is normalized in segments that start at a code point no
/// normalization can reach across, so unchanged segments keep exact per-char offsets and a changed
/// segment maps as a whole to its original span.
/// </summary>
internal sealed class UnicodeFormNormalizer(NormalizationForm form) : INormalizer
{
    // Below these code points every char is already in the given form (the first char with a
    // decomposition or a combining class sits at or above them).
    private readonly int _fastBelow = form switch
    {
        NormalizationForm.FormC => 0x300,
        NormalizationForm.FormD => 0xC0,
        _ => 0xA0,
    };

    private readonly bool _compat = form is NormalizationForm.FormKC or NormalizationForm.FormKD;

    public NormalizationForm Form => form;

    public NormalizedText Normalize(NormalizedText input)
    {
        var text = input.Text;
        var allFast = true;
        foreach (var c in text)
            if (c >= _fastBelow) { allFast = false; break; }
        if (allFast) return input;

        NormalizedTextBuilder? builder = null;
        var segmentStart = 0;
        for (var i = 0; i <= text.Length;)
        {
            var width = 1;
            var boundary = i == text.Length;
            if (!boundary)
            {
                var cp = text.ConvertToUtf32OrSelf(i, out width);
                boundary = i > 0 && text[i] < _fastBelow || i > 0 && UnicodeNormalization.IsSegmentStart(cp);
            }
            if (boundary && i > segmentStart)
            {
                var single = text.ConvertToUtf32OrSelf(segmentStart, out var firstWidth);
                var unchanged = firstWidth == i - segmentStart && (single < _fastBelow || !UnicodeNormalization.HasDecomposition(single, _compat));
                var normalized = unchanged ? null : UnicodeNormalization.Normalize(text.Substring(segmentStart, i - segmentStart), form);
                if (normalized is not null && !text.AsSpan(segmentStart, i - segmentStart).SequenceEqual(normalized))
                {
                    if (builder is null)
                    {
                        builder = new NormalizedTextBuilder(input);
                        builder.Copy(input, 0, segmentStart);
                    }
                    var (start, end) = input.ToOriginal(segmentStart, i);
                    builder.Append(normalized, start, end);
                }
                else builder?.Copy(input, segmentStart, i);
                segmentStart = i;
            }
            i += width;
        }
        return builder?.Build() ?? input;
    }
}
