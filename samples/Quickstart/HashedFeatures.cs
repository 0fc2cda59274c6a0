namespace Quickstart;

/// <summary>
/// Lower-cased word unigrams and bigrams hashed into a fixed table: a tokenizer-free feature map
/// so this quickstart needs no model download. (FNV-1a keeps the hash stable across runs.)
/// </summary>
internal static class HashedFeatures
{
    public static long[] Of(string text, int buckets, int maxFeatures)
    {
        var words = text.ToLowerInvariant()
            .Split((char[])[' ', '\n', '\t', '.', ',', '!', '?', ';', ':', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        var ids = new List<long>();
        for (var i = 0; i < words.Length && ids.Count < maxFeatures; i++)
        {
            ids.Add(Hash(words[i], buckets));
            if (i + 1 < words.Length) ids.Add(Hash(words[i] + " " + words[i + 1], buckets));
        }
        if (ids.Count == 0) ids.Add(0);
        return ids.Take(maxFeatures).ToArray();
    }

    private static long Hash(string s, int buckets)
    {
        uint h = 2166136261;
        foreach (var c in s)
        {
            h ^= c;
            h *= 16777619;
        }
        // Bucket 0 is reserved for padding.
        return 1 + h % (uint)(buckets - 1);
    }
}
