using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Trainers.Forward;

namespace Halos.Trainers.Reference;

/// <summary>
/// Reference log-probs read from a table computed before training (<see cref="ReferencePrecomputation"/>), by
/// <see cref="RowKey"/>. Rows the table lacks (KTO's mismatched KL pairs, which depend on how batches fall) go to
/// <paramref name="fallback"/>, the live reference, when there is one.
/// </summary>
public sealed class PrecomputedReference(IReadOnlyDictionary<string, float[]> table, string source, IReferenceLogProbs? fallback) : IReferenceLogProbs
{
    /// <summary>Rows answered from the table, for tests and logs.</summary>
    public long Hits { get; private set; }

    public CompletionLogProbs LogProbs(Batch batch, string prefix = "")
    {
        var lossMask = batch[prefix + "loss_mask"];
        var (rows, width) = (lossMask.size(0), lossMask.size(1) - 1);
        bool[] maskData;
        using (var scope = torch.NewDisposeScope())
            maskData = CompletionLogProbs.ShiftedMask(lossMask).to(Device.CPU).data<bool>();

        var keys = RowKey.Of(batch, prefix);
        var values = new float[rows * width];
        for (var r = 0; r < rows; r++)
            if (!Fill(values, maskData, r, width, keys[r])) return Fallback(batch, prefix, r);
        Hits += rows;
        using var outer = torch.NewDisposeScope();
        var perToken = torch.tensor(values, rows, width).to(lossMask.device);
        var mask = CompletionLogProbs.ShiftedMask(lossMask);
        outer.MoveToOuter(perToken, mask);
        return new CompletionLogProbs(perToken, mask);
    }

    /// <summary>Places row <paramref name="r"/>'s stored values at its completion positions; false when the table lacks it or its length differs.</summary>
    private bool Fill(float[] values, bool[] mask, long r, long width, byte[] key)
    {
        if (!table.TryGetValue(RowKey.Hex(key), out var stored)) return false;
        var next = 0;
        for (var t = 0; t < width; t++)
        {
            if (!mask[r * width + t]) continue;
            if (next >= stored.Length) return false;
            values[r * width + t] = stored[next++];
        }
        return next == stored.Length;
    }

    private CompletionLogProbs Fallback(Batch batch, string prefix, long row)
    {
        if (fallback is not null) return fallback.LogProbs(batch, prefix);
        var example = batch.Examples[(int)(row % batch.Examples.Count)];
        throw new InvalidOperationException(
            $"{source}: no precomputed reference log-probs for a row of example '{example.Id}' ({(prefix.Length == 0 ? "its sequence" : prefix + " rows")}), " +
            "and the run has no live reference model to compute them; delete the file to recompute, or set Training:LoopOptions:Reference=live");
    }
}
