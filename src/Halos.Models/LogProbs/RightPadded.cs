using Halos.Torch;

namespace Halos.Models.LogProbs;

/// <summary>Token rows as one right-padded batch: ids [B, T] (padded with <c>padding</c>, 0 by default) and the attention mask [B, T].</summary>
public static class RightPadded
{
    public static (Tensor ids, Tensor mask) Batch(IReadOnlyList<long[]> rows, Device device, long padding = 0)
    {
        var length = rows.Max(r => r.Length);
        var ids = new long[rows.Count * length];
        Array.Fill(ids, padding);
        var mask = new long[rows.Count * length];
        for (var b = 0; b < rows.Count; b++)
            for (var t = 0; t < rows[b].Length; t++)
            {
                ids[b * length + t] = rows[b][t];
                mask[b * length + t] = 1;
            }
        return (torch.tensor(ids, rows.Count, length).to(device), torch.tensor(mask, rows.Count, length).to(device));
    }
}
