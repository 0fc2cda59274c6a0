using Halos.Torch;

namespace Halos.Models.Layers;

/// <summary>
/// Builds the additive attention mask [B, 1, T, S] from a padding mask [B, S] (1 = real token),
/// causality and an optional sliding window. Masked scores get the dtype's most negative finite
/// value rather than -inf, as transformers does, so a query row with nothing to attend to (a
/// left-pad position) gives a uniform distribution instead of NaN.
/// </summary>
public static class AttentionMask
{
    /// <summary>
    /// Null when plain causal (or unmasked) attention is exact: no padding, no cache offset and no
    /// window that bites. Callers then pass is_causal to scaled_dot_product_attention, which
    /// skips building and adding a mask.
    /// </summary>
    public static Tensor? Build(Tensor? paddingMask, long queryLength, long pastLength, bool causal, long? slidingWindow,
        ScalarType dtype, Device device)
    {
        var keyLength = pastLength + queryLength;
        var windowBites = slidingWindow is { } w && keyLength > w;
        if (paddingMask is not null && paddingMask.size(-1) != keyLength)
            throw new ArgumentException($"the attention mask covers {paddingMask.size(-1)} positions but the keys are {keyLength} (past {pastLength} + new {queryLength})");
        var hasPadding = paddingMask is not null && HasZeros(paddingMask);
        if (!hasPadding && !windowBites && (!causal || pastLength == 0)) return null;

        using var scope = torch.NewDisposeScope();
        Tensor? allowed = null;
        if (causal)
        {
            var queryPositions = torch.arange(pastLength, keyLength, device: device).unsqueeze(1);
            var keyPositions = torch.arange(0, keyLength, device: device).unsqueeze(0);
            allowed = keyPositions.le(queryPositions);
            if (slidingWindow is { } window) allowed = allowed.logical_and((queryPositions - keyPositions).lt(window));
            allowed = allowed.unsqueeze(0).unsqueeze(0);
        }
        if (hasPadding)
        {
            var keys = paddingMask!.ne(0).unsqueeze(1).unsqueeze(1);
            allowed = allowed is null ? keys : allowed.logical_and(keys);
        }
        var additive = torch.zeros(allowed!.shape, dtype, device).masked_fill(allowed.logical_not(), MostNegative(dtype));
        return scope.MoveToOuter(additive);
    }

    private static bool HasZeros(Tensor mask)
    {
        using var zeros = mask.eq(0);
        using var any = zeros.any();
        return any.item<bool>();
    }

    /// <summary>torch.finfo(dtype).min.</summary>
    public static double MostNegative(ScalarType dtype) => dtype switch
    {
        ScalarType.Float16 => -65504.0,
        ScalarType.BFloat16 => -3.3895313892515355e38,
        ScalarType.Float64 => double.MinValue,
        _ => float.MinValue,
    };
}
