using System.Text.Json.Nodes;
using static Halos.Tokenizers.Tests.TokenizerJsonBuilder;

namespace Halos.Tokenizers.Tests;

/// <summary>
/// Unigram parity with @huggingface/tokenizers (node) on tokenizer.json files the tests build:
/// no npm package we could find ships a real Unigram tokenizer.json. Seeded random vocabularies
/// (scores in 1/8 steps, so that ties are frequent and exact, and full-precision ones), random
/// text with chars no vocabulary has, in DeBERTa-v3's pipeline and with no pre-tokenizer at all.
/// tokenizers.js implements neither byte_fallback for Unigram nor the real Precompiled
/// normalizer (it applies fixed NFKC-like rules instead), so those are checked by hand in UnigramTests and
/// PrecompiledNormalizerTests.
/// </summary>
public class UnigramParityTests
{
    private const string Alphabet = "abcdefgh";

    public static TheoryData<int, bool> Vocabularies => new() { { 1, true }, { 2, true }, { 3, false }, { 4, false } };

    [Theory]
    [MemberData(nameof(Vocabularies))]
    public void DebertaStylePipelineMatchesReference(int seed, bool coarseScores)
    {
        var pieces = UnigramFiles.RandomPieces(seed, Alphabet, 120 + 60 * seed, coarseScores);
        var texts = UnigramFiles.RandomTexts(100 + seed, Alphabet, 300);
        texts.AddRange(["", " ", "  a  ", "[CLS] ab [SEP]", "h", "hh hh", "▁a▁b", "a▁"]);
        AssertSameIds(UnigramFiles.DebertaStyle(pieces), texts);
    }

    [Fact]
    public void WithoutPreTokenizerSpacesAreUnknownAndFuse()
    {
        // Every piece scores −1: the fewest pieces win and most segmentations tie.
        var random = new Random(5);
        var pieces = new List<(string, double)> { ("<unk>", 0) };
        pieces.AddRange(Alphabet[..^1].Select(c => (c.ToString(), -1.0)));
        var seen = pieces.Select(p => p.Item1).ToHashSet();
        while (pieces.Count < 60)
        {
            var piece = new string(Enumerable.Range(0, random.Next(2, 4)).Select(_ => Alphabet[random.Next(Alphabet.Length - 1)]).ToArray());
            if (seen.Add(piece)) pieces.Add((piece, -1.0));
        }
        AssertSameIds(Document(UnigramFiles.Model(pieces, 0)), UnigramFiles.RandomTexts(77, Alphabet, 300));
    }

    private static void AssertSameIds(JsonObject document, List<string> texts)
    {
        var path = UnigramFiles.WriteTemp(document, out var folder);
        try
        {
            var expected = ReferenceTokenizer.Encode(["--tokenizer", path], texts);
            ReferenceTokenizer.AssertSameIds(Tokenizer.Load(path), expected, texts, "unigram");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
