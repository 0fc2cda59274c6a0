namespace Halos.Tokenizers.Models;

/// <summary>
/// A trie over the UTF-16 chars of a Unigram vocabulary, for the common-prefix search the Viterbi
/// pass makes at every position: all pieces that start there, shortest first.
/// </summary>
internal sealed class PieceTrie
{
    // Child of (node, char) keyed as node << 16 | char; node 0 is the root.
    private readonly Dictionary<long, int> _children = new();
    private readonly List<int> _pieceIds = [-1];

    /// <summary>Adds a piece; a piece that appears twice keeps its later id, as the vocabulary's lookup does.</summary>
    public void Add(string piece, int id)
    {
        var node = 0;
        foreach (var c in piece)
        {
            var key = ((long)node << 16) | c;
            if (!_children.TryGetValue(key, out var child))
            {
                child = _pieceIds.Count;
                _pieceIds.Add(-1);
                _children.Add(key, child);
            }
            node = child;
        }
        if (node != 0) _pieceIds[node] = id;
    }

    /// <summary>Fills <paramref name="found"/> with every piece that is a prefix of <paramref name="text"/>, shortest first.</summary>
    public void PrefixesOf(ReadOnlySpan<char> text, List<(int Id, int Length)> found)
    {
        found.Clear();
        var node = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!_children.TryGetValue(((long)node << 16) | text[i], out node)) return;
            if (_pieceIds[node] >= 0) found.Add((_pieceIds[node], i + 1));
        }
    }
}
