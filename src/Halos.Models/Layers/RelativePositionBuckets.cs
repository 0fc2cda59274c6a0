using Halos.Torch;

namespace Halos.Models.Layers;

/// <summary>
/// DeBERTa-v2's relative positions (He et al. 2021): the distance q − k between a query and a key,
/// kept exact up to half the bucket count and log-spaced beyond it, so that distances up to
/// max_relative_positions share a few buckets. The result indexes the 2·span rows of the relative
/// embedding table: clamp(bucket(q − k) + span, 0, 2·span − 1).
/// </summary>
public static class RelativePositionBuckets
{
    /// <summary>The row of the relative-embedding table for each (query, key) pair: [T, T] int64.</summary>
    public static Tensor Index(long length, long buckets, long maxPosition, long span, Device device)
    {
        var byDistance = BucketsByDistance(length, buckets, maxPosition);
        var index = new long[length * length];
        for (var q = 0; q < length; q++)
            for (var k = 0; k < length; k++)
            {
                var distance = q - k;
                var bucket = Math.Sign(distance) * byDistance[Math.Abs(distance)];
                index[q * length + k] = Math.Clamp(bucket + span, 0, 2 * span - 1);
            }
        using var cpu = torch.tensor(index, length, length);
        return cpu.to(device);
    }

    /// <summary>
    /// The bucket of each distance 0..length−1 (the bucketing is odd in the sign). The log part is
    /// evaluated in float32 tensor arithmetic as transformers does, so that a distance whose
    /// ceil() lands near an integer falls in the same bucket.
    /// </summary>
    public static long[] BucketsByDistance(long length, long buckets, long maxPosition)
    {
        var result = new long[length];
        for (var d = 0; d < length; d++) result[d] = d;
        var mid = buckets / 2;
        if (buckets <= 0 || maxPosition <= 0 || length <= mid + 1) return result;

        using var scope = torch.NewDisposeScope();
        var far = torch.arange(mid + 1, length).to(ScalarType.Float32);
        var denominator = torch.tensor((double)(maxPosition - 1) / mid).log();
        var logBucket = ((far / mid).log() / denominator * (mid - 1)).ceil() + mid;
        var values = logBucket.to(ScalarType.Int64).data<long>();
        for (var i = 0; i < values.Length; i++) result[mid + 1 + i] = values[i];
        return result;
    }
}
