using System.Text.Json;
using Halos.Tokenizers.Models;

namespace Halos.Tokenizers.Json;

/// <summary>Builds the vocabulary model from tokenizer.json's "model" object.</summary>
internal static class ModelReader
{
    public static ITokenizerModel Read(JsonSection model)
    {
        if (model.IsNull) throw model.Error("missing the model");
        // Old files omit "type" for BPE; recognise it by its merges.
        var type = model.Has("type") ? model.TypeName() : model.Has("merges") ? "BPE" : model.TypeName();
        return type switch
        {
            "BPE" => ReadBpe(model),
            "WordPiece" => ReadWordPiece(model),
            "Unigram" => ReadUnigram(model),
            _ => throw model.Unsupported("model", type),
        };
    }

    private static BpeModel ReadBpe(JsonSection model)
    {
        CheckDropout(model.Child("dropout"));
        var vocab = ReadVocab(model.RequiredChild("vocab"));
        var merges = model.Items("merges").Select(ReadMerge).ToList();
        var options = new BpeOptions
        {
            UnkToken = model.OptionalString("unk_token"),
            ContinuingSubwordPrefix = NullIfEmpty(model.OptionalString("continuing_subword_prefix")),
            EndOfWordSuffix = NullIfEmpty(model.OptionalString("end_of_word_suffix")),
            FuseUnk = model.Bool("fuse_unk", false),
            ByteFallback = model.Bool("byte_fallback", false),
            IgnoreMerges = model.Bool("ignore_merges", false),
        };
        return new BpeModel(vocab, merges, options, message => model.Error(message));
    }

    private static WordPieceModel ReadWordPiece(JsonSection model)
    {
        var vocab = ReadVocab(model.RequiredChild("vocab"));
        return new WordPieceModel(
            vocab,
            model.OptionalString("unk_token") ?? "[UNK]",
            model.OptionalString("continuing_subword_prefix") ?? "##",
            model.Int("max_input_chars_per_word", 100, min: 1),
            message => model.Error(message));
    }

    /// <summary>"vocab" is a list of [piece, score] pairs whose position is the id; "unk_id" may be null.</summary>
    private static UnigramModel ReadUnigram(JsonSection model)
    {
        var vocab = new List<(string, double)>();
        foreach (var entry in model.Items("vocab"))
        {
            var e = entry.Element;
            if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != 2 || e[0].ValueKind != JsonValueKind.String || e[1].ValueKind != JsonValueKind.Number)
                throw entry.Error("expected a [piece, score] pair: a string and a number");
            vocab.Add((e[0].GetString()!, e[1].GetDouble()));
        }
        if (!model.Has("vocab")) throw model.Error("missing required key 'vocab'");
        int? unkId = model.Has("unk_id") ? model.Child("unk_id").IntValue() : null;
        return new UnigramModel(vocab, unkId, model.Bool("byte_fallback", false), message => model.Child("unk_id").Error(message));
    }

    /// <summary>
    /// BPE dropout is null or a probability in [0, 1], as the Rust builder insists; above 0 it randomises merges,
    /// which is for training a tokenizer, so it is refused rather than ignored (ignoring it would change the ids).
    /// </summary>
    private static void CheckDropout(JsonSection dropout)
    {
        if (dropout.IsNull) return;
        if (dropout.Element.ValueKind != JsonValueKind.Number || !dropout.Element.TryGetDouble(out var p) || p is < 0 or > 1)
            throw dropout.Error($"expected null or a probability from 0 to 1, found {JsonSection.Describe(dropout.Element)}");
        if (p > 0) throw dropout.Error("BPE dropout is a training-time option and is not supported for encoding; set it to null");
    }

    /// <summary>A merge as "a b" (tokenizers before 0.20) or ["a", "b"]: two non-empty tokens.</summary>
    private static (string Left, string Right) ReadMerge(JsonSection merge)
    {
        switch (merge.Element.ValueKind)
        {
            case JsonValueKind.String:
                {
                    var text = merge.Element.GetString()!;
                    var space = text.Length < 3 ? -1 : text.IndexOf(' ', 1);
                    if (space < 0 || space == text.Length - 1)
                        throw merge.Error($"merge \"{text}\" is not two tokens separated by a space");
                    return (text[..space], text[(space + 1)..]);
                }
            case JsonValueKind.Array when merge.Element.GetArrayLength() == 2:
                {
                    var left = new JsonSection(merge.Element[0], merge.File, merge.Path + "[0]").StringValue();
                    var right = new JsonSection(merge.Element[1], merge.File, merge.Path + "[1]").StringValue();
                    if (left.Length == 0 || right.Length == 0) throw merge.Error("a merge of an empty token; expected two non-empty tokens");
                    return (left, right);
                }
            default:
                throw merge.Error($"expected a merge as \"a b\" or [\"a\", \"b\"], found {JsonSection.Describe(merge.Element)}");
        }
    }

    public static Dictionary<string, int> ReadVocab(JsonSection vocab)
    {
        if (vocab.Element.ValueKind != JsonValueKind.Object) throw vocab.Error($"expected an object of token: id, found {JsonSection.Describe(vocab.Element)}");
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (token, id) in vocab.Entries())
            result[token] = id.TokenIdValue();
        return result;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
