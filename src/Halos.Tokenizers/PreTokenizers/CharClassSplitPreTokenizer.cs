using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.PreTokenizers;

/// <summary>
/// Splits on single code points that satisfy a predicate, each one a separate delimiter; the
/// behavior decides what happens to them. Backs WhitespaceSplit, Punctuation, Digits and BERT.
/// </summary>
internal sealed class CharClassSplitPreTokenizer(Func<int, bool> isDelimiter, SplitBehavior behavior) : PieceSplittingPreTokenizer
{
    protected override void Split(in PreToken piece, List<PreToken> output, SectionInfo section)
    {
        var text = piece.Text.Span;
        var matches = new List<(int, int)>();
        for (var i = 0; i < text.Length;)
        {
            var cp = CharCodePointExtensions.ConvertToUtf32OrSelf(text, i, out var width);
            if (isDelimiter(cp)) matches.Add((i, i + width));
            i += width;
        }
        PieceSplitter.Apply(piece, matches, behavior, invert: false, output);
    }
}
