using Halos.Torch;

namespace Halos.Models.Layers;

/// <summary>Each row's last position whose attention mask is 1.</summary>
public static class LastRealToken
{
    /// <summary>[B] int64 indices; T-1 for every row when there is no mask. A row with no real token is an error.</summary>
    public static Tensor Index(Tensor? attentionMask, long batch, long length, Device device)
    {
        using var scope = torch.NewDisposeScope();
        if (attentionMask is null) return scope.MoveToOuter(torch.full([batch], length - 1, ScalarType.Int64, device));
        if (attentionMask.dim() != 2 || attentionMask.size(0) != batch || attentionMask.size(1) != length)
            throw new ArgumentException($"attention_mask must be [{batch}, {length}] like input_ids, got [{string.Join(", ", attentionMask.shape)}]");
        var real = attentionMask.ne(0);
        var counts = real.sum(-1).data<long>();
        var empty = Array.FindIndex(counts, c => c == 0);
        if (empty >= 0) throw new ArgumentException($"row {empty} of attention_mask has no real token to score");
        // Masked positions score -1, so the largest position among the real tokens wins.
        var positions = torch.arange(length, device: device).unsqueeze(0).expand(batch, length);
        var last = positions.masked_fill(real.logical_not(), -1).amax(-1);
        return scope.MoveToOuter(last);
    }

    /// <summary>
    /// Where transformers' decoder <c>*ForSequenceClassification</c> reads the score: the rightmost token whose id is not
    /// <c>pad_token_id</c> (position 0 when a row is all pad ids). When pad_token_id equals
    /// eos_token_id, an appended EOS counts as padding, so the score is read at the token before it. Without a pad id
    /// (transformers then reads the last position and refuses batches over 1) each row's last real token is used.
    /// </summary>
    public static Tensor AsTransformersReadsIt(Tensor inputIds, Tensor? attentionMask, long? padTokenId)
    {
        if (padTokenId is not { } pad) return Index(attentionMask, inputIds.size(0), inputIds.size(1), inputIds.device);
        using var scope = torch.NewDisposeScope();
        var positions = torch.arange(inputIds.size(1), device: inputIds.device).unsqueeze(0);
        // Padding that the mask marks counts as padding even when its id is not pad_token_id (a tokenizer whose pad id
        // differs from the config's): transformers would read such a row at its padding; rows padded with the pad id,
        // as halos pads them, read exactly as in transformers.
        var notPad = inputIds.ne(pad);
        if (attentionMask is not null) notPad = notPad.logical_and(attentionMask.ne(0));
        notPad = notPad.to(ScalarType.Int64);
        return scope.MoveToOuter((positions * notPad).argmax(-1));
    }
}
