using System.Buffers.Binary;
using System.Text;

namespace Halos.Tokenizers.Tests;

/// <summary>
/// Writes a precompiled_charsmap from a few rules, in the layout sentencepiece's compiler produces:
/// a u32 trie size, a darts-clone double array over the UTF-8 keys (each node's unit holds its
/// label, a has-leaf bit and the XOR offset of its children; a leaf unit at child label 0 holds the
/// value), then the NUL-terminated replacements the values point into.
/// </summary>
internal static class CharsMapBuilder
{
    private sealed class Node
    {
        public readonly SortedDictionary<byte, Node> Children = new();
        public int? Value;
    }

    public static string Base64(IReadOnlyDictionary<string, string> rules)
    {
        var root = new Node();
        var blob = new List<byte>();
        foreach (var (key, replacement) in rules)
        {
            var node = root;
            foreach (var b in Encoding.UTF8.GetBytes(key))
            {
                if (!node.Children.TryGetValue(b, out var child)) node.Children[b] = child = new Node();
                node = child;
            }
            node.Value = blob.Count;
            blob.AddRange(Encoding.UTF8.GetBytes(replacement));
            blob.Add(0);
        }

        var units = new List<uint> { 0 };
        var used = new HashSet<long> { 0 };
        var bases = new HashSet<long>();
        var queue = new Queue<(Node Node, long Position)>();
        queue.Enqueue((root, 0));
        while (queue.Count > 0)
        {
            var (node, position) = queue.Dequeue();
            var labels = node.Children.Keys.Select(b => (long)b).ToList();
            if (node.Value is not null) labels.Insert(0, 0);
            if (labels.Count == 0) continue;
            long baseAt = 1;
            while (bases.Contains(baseAt) || labels.Any(l => used.Contains(baseAt ^ l))) baseAt++;
            bases.Add(baseAt);
            foreach (var l in labels) used.Add(baseAt ^ l);
            while (units.Count <= labels.Max(l => baseAt ^ l)) units.Add(0);
            units[(int)position] |= (uint)((position ^ baseAt) << 10) | (node.Value is not null ? 1u << 8 : 0);
            if (node.Value is { } value) units[(int)baseAt] = (1u << 31) | (uint)value;
            foreach (var (b, child) in node.Children)
            {
                units[(int)(baseAt ^ b)] = b;
                queue.Enqueue((child, baseAt ^ b));
            }
        }

        var bytes = new byte[4 + 4 * units.Count + blob.Count];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)(4 * units.Count));
        for (var i = 0; i < units.Count; i++) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 + 4 * i), units[i]);
        blob.CopyTo(bytes, 4 + 4 * units.Count);
        return Convert.ToBase64String(bytes);
    }
}
