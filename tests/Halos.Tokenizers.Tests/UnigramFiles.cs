using System.Text.Json.Nodes;
using static Halos.Tokenizers.Tests.TokenizerJsonBuilder;

namespace Halos.Tokenizers.Tests;

/// <summary>
/// Unigram tokenizer.json documents as transformers' converter writes them for SentencePiece
/// models (DeBERTa-v3, T5, ALBERT): "vocab" a list of [piece, score], "unk_id", "byte_fallback".
/// </summary>
internal static class UnigramFiles
{
    public static JsonObject Model(IEnumerable<(string Piece, double Score)> vocab, int? unkId, bool byteFallback = false) => new()
    {
        ["type"] = "Unigram",
        ["unk_id"] = unkId,
        ["vocab"] = new JsonArray(vocab.Select(v => (JsonNode)new JsonArray(v.Piece, v.Score)).ToArray()),
        ["byte_fallback"] = byteFallback,
    };

    public static JsonObject Metaspace(string scheme = "always", bool split = true) =>
        Type("Metaspace", ("replacement", "▁"), ("prepend_scheme", scheme), ("split", split));

    public static JsonObject MetaspaceDecoder() => Type("Metaspace", ("replacement", "▁"), ("prepend_scheme", "always"), ("split", true));

    /// <summary>
    /// DeBERTa-v3's pipeline around a Unigram model: [PAD] [CLS] [SEP] [UNK] as ids 0-3 and added
    /// tokens, Strip and runs of spaces squeezed, Metaspace, and [CLS] $A [SEP].
    /// </summary>
    public static JsonObject DebertaStyle(IEnumerable<(string Piece, double Score)> pieces, bool byteFallback = false, JsonNode? precompiled = null)
    {
        var specials = new[] { "[PAD]", "[CLS]", "[SEP]", "[UNK]" };
        var vocab = specials.Select(s => (s, 0.0)).Concat(pieces);
        var normalizers = new JsonArray(Type("Strip", ("strip_left", true), ("strip_right", true)));
        if (precompiled is not null) normalizers.Add(precompiled);
        normalizers.Add(Type("Replace", ("pattern", new JsonObject { ["Regex"] = " {2,}" }), ("content", " ")));
        JsonObject Special(string name, int id) => new() { ["id"] = name, ["ids"] = new JsonArray(id), ["tokens"] = new JsonArray(name) };
        var post = Type("TemplateProcessing",
            ("single", new JsonArray(
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[CLS]", ["type_id"] = 0 } },
                new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[SEP]", ["type_id"] = 0 } })),
            ("pair", null),
            ("special_tokens", new JsonObject { ["[CLS]"] = Special("[CLS]", 1), ["[SEP]"] = Special("[SEP]", 2) }));
        var added = new JsonArray(specials.Select((s, i) => (JsonNode)AddedToken(i, s)).ToArray());
        return Document(Model(vocab, 3, byteFallback), Type("Sequence", ("normalizers", normalizers)),
            Type("Sequence", ("pretokenizers", new JsonArray(Metaspace()))), post, MetaspaceDecoder(), added);
    }

    /// <summary>
    /// A seeded random vocabulary over a small alphabet: every letter but the last (so that one is
    /// unknown), "▁", and random pieces of 2-5 letters with and without a leading "▁".
    /// Scores are multiples of 1/8 when <paramref name="coarse"/> so that equal totals (ties) are common and exact.
    /// </summary>
    public static List<(string Piece, double Score)> RandomPieces(int seed, string alphabet, int count, bool coarse)
    {
        var random = new Random(seed);
        double Score() => coarse ? -random.Next(8, 96) / 8.0 : -1 - random.NextDouble() * 11;
        var pieces = new List<(string, double)> { ("▁", Score()) };
        pieces.AddRange(alphabet[..^1].Select(c => (c.ToString(), Score())));
        var seen = pieces.Select(p => p.Item1).ToHashSet();
        while (pieces.Count < count)
        {
            var length = random.Next(2, 6);
            var piece = (random.Next(3) == 0 ? "▁" : "") + new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length - 1)]).ToArray());
            if (seen.Add(piece)) pieces.Add((piece, Score()));
        }
        return pieces;
    }

    /// <summary>Random words from the alphabet and from chars no vocabulary has, with single and repeated spaces.</summary>
    public static List<string> RandomTexts(int seed, string alphabet, int count)
    {
        var random = new Random(seed);
        string[] unknown = ["z", "é", "中", "😀", "ß"];
        var texts = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var words = Enumerable.Range(0, random.Next(1, 7)).Select(_ =>
                string.Concat(Enumerable.Range(0, random.Next(1, 9)).Select(_ =>
                    random.Next(10) == 0 ? unknown[random.Next(unknown.Length)] : alphabet[random.Next(alphabet.Length)].ToString())));
            texts.Add(string.Join(random.Next(5) == 0 ? "  " : " ", words));
        }
        return texts;
    }

    /// <summary>Writes the document to a temporary tokenizer.json for the node reference; the caller deletes the folder.</summary>
    public static string WriteTemp(JsonObject document, out DirectoryInfo folder)
    {
        folder = Directory.CreateTempSubdirectory("halos-unigram-");
        var path = Path.Combine(folder.FullName, "tokenizer.json");
        File.WriteAllText(path, document.ToJsonString());
        return path;
    }
}
