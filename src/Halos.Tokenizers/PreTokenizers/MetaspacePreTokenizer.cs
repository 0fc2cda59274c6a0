using Halos.Tokenizers.Text;

namespace Halos.Tokenizers.PreTokenizers;

/// <summary>
/// SentencePiece-style spaces: every ' ' becomes the replacement char (normally '▁'), a '▁' is
/// prepended per the prepend scheme, and with split on, each '▁' starts a new piece.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme scheme, bool split) : PieceSplittingPreTokenizer
{
    protected override void Split(in PreToken piece, List<PreToken> output, SectionInfo section)
    {
        var text = piece.Text.Span;
        var replaced = text.ToString().Replace(' ', replacement);
        var rewritten = new PreToken(replaced.AsMemory(), piece.NormalizedStart, piece.Map);
        var prepend = replaced.Length > 0 && replaced[0] != replacement
            && (scheme == PrependScheme.Always || (scheme == PrependScheme.First && section.IsFirst && piece.NormalizedStart == 0));
        if (prepend)
        {
            var map = rewritten.MapArray();
            var newMap = new int[map.Length + 2];
            newMap[0] = map[0];
            newMap[1] = map[1];
            map.CopyTo(newMap, 2);
            rewritten = new PreToken((replacement + replaced).AsMemory(), piece.NormalizedStart, newMap);
        }
        if (!split)
        {
            output.Add(rewritten);
            return;
        }
        var matches = new List<(int, int)>();
        var span = rewritten.Text.Span;
        for (var i = 0; i < span.Length; i++)
            if (span[i] == replacement) matches.Add((i, i + 1));
        PieceSplitter.Apply(rewritten, matches, SplitBehavior.MergedWithNext, invert: false, output);
    }
}
