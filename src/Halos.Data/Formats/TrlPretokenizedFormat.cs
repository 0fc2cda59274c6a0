using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;
using Halos.Data.Reading;

namespace Halos.Data.Formats;

/// <summary>
/// Pre-tokenized pairs as TRL's reward trainer takes them: <c>input_ids_chosen</c>, <c>attention_mask_chosen</c>,
/// <c>input_ids_rejected</c>, <c>attention_mask_rejected</c> (masks optional; positions with mask 0 are
/// padding and are removed), or newer TRL's <c>chosen_ids</c> / <c>rejected_ids</c>; optional <c>margin</c>.
/// </summary>
public sealed class TrlPretokenizedFormat : JsonRowFormat
{
    public override string Name => "trl-pretokenized";

    public override string Description => "Pre-tokenized pairs (input_ids_chosen/_rejected with attention masks, or chosen_ids/rejected_ids[, margin])";

    public override IReadOnlyCollection<DataKind> Kinds { get; } = [DataKind.Scored, DataKind.Paired];

    protected override IReadOnlyList<Example> Convert(JsonRecord row, DataReadRequest request)
    {
        var legacy = row.Has("input_ids_chosen") || row.Has("input_ids_rejected");
        var chosen = legacy ? Ids(row, "input_ids_chosen", "attention_mask_chosen") : Ids(row, "chosen_ids", null);
        var rejected = legacy ? Ids(row, "input_ids_rejected", "attention_mask_rejected") : Ids(row, "rejected_ids", null);
        return [new TokenizedPairedExample(row.Id, chosen, rejected, row.OptionalNumber("margin"))];
    }

    private static int[] Ids(JsonRecord row, string idsField, string? maskField)
    {
        if (!row.Has(idsField))
            throw row.Error(idsField, "missing; expected input_ids_chosen/input_ids_rejected (with optional attention masks) or chosen_ids/rejected_ids");
        var ids = row.RequiredIds(idsField);
        if (maskField is not null && row.Has(maskField))
        {
            var mask = row.RequiredIds(maskField);
            if (mask.Length != ids.Length)
                throw row.Error(maskField, $"has {mask.Length} entries but '{idsField}' has {ids.Length}; expected one mask entry per token");
            if (mask.Any(m => m > 1)) throw row.Error(maskField, "expected only 0 and 1");
            ids = ids.Where((_, i) => mask[i] == 1).ToArray();
        }
        if (ids.Length == 0) throw row.Error(idsField, "no tokens (after removing masked padding); expected at least one token id");
        return ids;
    }
}
