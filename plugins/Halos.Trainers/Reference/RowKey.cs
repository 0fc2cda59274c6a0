using System.Security.Cryptography;
using Halos.Abstractions.Training;
using Halos.Torch;

namespace Halos.Trainers.Reference;

/// <summary>
/// What identifies one collated row for the precomputed reference: a hash of its real tokens and of which of them
/// are completion tokens. Two rows with the same key have the same reference log-probs, whichever batch (and
/// padding) they come in; a change to the data, the template or the truncation changes the key.
/// </summary>
public static class RowKey
{
    public const int Bytes = 16;

    /// <summary>The keys of the rows <c>{prefix}input_ids</c> (with their attention and loss masks) of a batch.</summary>
    public static byte[][] Of(Batch batch, string prefix = "")
    {
        using var scope = torch.NewDisposeScope();
        var ids = batch[prefix + "input_ids"];
        var (rows, width) = (ids.size(0), ids.size(1));
        var idData = ids.to(Device.CPU).to(ScalarType.Int64).data<long>();
        var attention = batch[prefix + "attention_mask"].to(Device.CPU).to(ScalarType.Bool).data<bool>();
        var loss = batch[prefix + "loss_mask"].to(Device.CPU).to(ScalarType.Bool).data<bool>();
        var keys = new byte[rows][];
        var buffer = new List<byte>();
        for (var r = 0; r < rows; r++)
        {
            buffer.Clear();
            for (var t = 0; t < width; t++)
            {
                var i = (int)(r * width + t);
                if (!attention[i]) continue;
                buffer.AddRange(BitConverter.GetBytes(idData[i]));
                buffer.Add(loss[i] ? (byte)1 : (byte)0);
            }
            keys[r] = SHA256.HashData(buffer.ToArray())[..Bytes];
        }
        return keys;
    }

    public static string Hex(byte[] key) => Convert.ToHexString(key).ToLowerInvariant();
}
