using System.Text.Json;
using Halos.Tokenizers.PostProcessors;

namespace Halos.Tokenizers.Json;

internal static class PostProcessorReader
{
    /// <param name="knownId">Whether an id is in the model's vocabulary or among the added tokens: a processor that inserts
    /// any other id would produce ids nothing can decode, so it is refused here, naming its JSON path.</param>
    public static IPostProcessor? Read(JsonSection section, Func<int, bool> knownId)
    {
        if (section.IsNull) return null;
        var type = section.TypeName();
        return type switch
        {
            "TemplateProcessing" => ReadTemplate(section, knownId),
            "ByteLevel" => new ByteLevelPostProcessor(section.Bool("trim_offsets", true)),
            "BertProcessing" => new BertProcessing(TokenId(section.RequiredChild("cls"), knownId), TokenId(section.RequiredChild("sep"), knownId)),
            "RobertaProcessing" => new RobertaProcessing(TokenId(section.RequiredChild("cls"), knownId), TokenId(section.RequiredChild("sep"), knownId), section.Bool("trim_offsets", true)),
            "Sequence" => new SequencePostProcessor(section.RequiredItems("processors").Select(p => Read(p, knownId) ?? throw p.Error("null processor in sequence")).ToArray()),
            _ => throw section.Unsupported("post_processor", type),
        };
    }

    // BERT/RoBERTa processors store tokens as ["[CLS]", 101].
    private static int TokenId(JsonSection pair, Func<int, bool> knownId)
    {
        if (pair.Element.ValueKind != JsonValueKind.Array || pair.Element.GetArrayLength() != 2)
            throw pair.Error("expected [token, id]");
        new JsonSection(pair.Element[0], pair.File, pair.Path + "[0]").StringValue();
        return Known(new JsonSection(pair.Element[1], pair.File, pair.Path + "[1]"), knownId);
    }

    private static int Known(JsonSection idSection, Func<int, bool> knownId)
    {
        var id = idSection.TokenIdValue();
        return knownId(id) ? id : throw idSection.Error($"token id {id} is neither in the model's vocabulary nor an added token");
    }

    private static TemplateProcessing ReadTemplate(JsonSection section, Func<int, bool> knownId)
    {
        var specials = new Dictionary<string, TemplateSpecialToken>(StringComparer.Ordinal);
        var specialSection = section.Child("special_tokens");
        if (!specialSection.IsNull)
        {
            foreach (var (name, token) in specialSection.Entries())
            {
                var ids = token.RequiredItems("ids").Select(i => Known(i, knownId)).ToArray();
                specials[name] = new TemplateSpecialToken(name, ids);
            }
        }
        var single = ReadPieces(section, "single", specials);
        var pair = section.Has("pair") ? ReadPieces(section, "pair", specials) : single;
        return new TemplateProcessing(single, pair, specials);
    }

    private static List<TemplatePiece> ReadPieces(JsonSection section, string name, Dictionary<string, TemplateSpecialToken> specials)
    {
        var pieces = new List<TemplatePiece>();
        foreach (var item in section.RequiredItems(name))
        {
            if (item.Has("Sequence"))
            {
                var seq = item.Child("Sequence");
                pieces.Add(new TemplatePiece(true, SequenceId(seq), seq.Int("type_id", 0, min: 0)));
            }
            else if (item.Has("SpecialToken"))
            {
                var special = item.Child("SpecialToken");
                var id = special.RequiredString("id");
                if (!specials.ContainsKey(id)) throw special.Error($"special token '{id}' is not listed in special_tokens");
                pieces.Add(new TemplatePiece(false, id, special.Int("type_id", 0, min: 0)));
            }
            else throw item.Error("expected {\"Sequence\": ...} or {\"SpecialToken\": ...}");
        }
        return pieces;
    }

    // The sequence a piece stands for: "A" (the first) or "B" (the pair's second); anything else has no input to name.
    private static string SequenceId(JsonSection sequence)
    {
        var id = sequence.RequiredString("id");
        return id is "A" or "B" ? id : throw sequence.Child("id").Error($"expected \"A\" or \"B\", found \"{id}\"");
    }
}
