namespace Halos.Tokenizers.PostProcessors;

/// <summary>One element of a template: a special token (by name) or the A/B sequence.</summary>
internal sealed record TemplatePiece(bool IsSequence, string Name, int TypeId);

/// <summary>A special token of a template; one name can stand for several ids.</summary>
internal sealed record TemplateSpecialToken(string Name, int[] Ids);

/// <summary>HF TemplateProcessing: "$A" / "$B" sequences interleaved with special tokens.</summary>
internal sealed class TemplateProcessing(
    IReadOnlyList<TemplatePiece> single, IReadOnlyList<TemplatePiece> pair, IReadOnlyDictionary<string, TemplateSpecialToken> specials) : IPostProcessor
{
    public List<EncodedToken> Process(List<EncodedToken> first, List<EncodedToken>? second, bool addSpecialTokens, string original)
    {
        var template = second is null ? single : pair;
        var result = new List<EncodedToken>(first.Count + (second?.Count ?? 0) + 4);
        foreach (var piece in template)
        {
            if (piece.IsSequence)
            {
                var source = piece.Name == "B" ? second : first;
                if (source is not null) result.AddRange(EncodedTokenLists.WithTypeId(source, piece.TypeId));
            }
            else if (addSpecialTokens)
            {
                foreach (var id in specials[piece.Name].Ids) result.Add(new EncodedToken(id, 0, 0, piece.TypeId, true));
            }
        }
        return result;
    }
}
