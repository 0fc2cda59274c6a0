using System.Text.RegularExpressions;
using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.PreTokenizers;

/// <summary>HF "Split": splits each piece on a regex or literal pattern with a delimiter behavior.</summary>
internal sealed class RegexSplitPreTokenizer(UnicodeRegex pattern, SplitBehavior behavior, bool invert) : PieceSplittingPreTokenizer
{
    protected override void Split(in PreToken piece, List<PreToken> output, SectionInfo section)
    {
        var matches = new List<(int, int)>();
        foreach (var m in pattern.EnumerateMatches(piece.Text.Span))
            if (m.Length > 0) matches.Add((m.Index, m.Index + m.Length));
        PieceSplitter.Apply(piece, matches, behavior, invert, output);
    }
}
