namespace Halos.Torch.Distributed;

/// <summary>
/// Averages (or sums) the gradients of a fixed list of parameters across ranks in a few large
/// allreduces instead of one per parameter: gradients are packed into flat buckets of about
/// <see cref="DistributedOptions.GradientBucketBytes"/>, every bucket's allreduce is started before the
/// first is waited on (so they overlap), and the results are unpacked into <c>.grad</c>.
/// The buckets are planned once and their buffers reused every step.
/// Buckets follow the parameters in reverse, the order backward produces their gradients, so that a
/// later backward hook can start a bucket as soon as it fills.
/// A parameter with no gradient on this rank counts as zeros, and receives the reduced gradient, so
/// every rank ends the step with identical gradients.
/// </summary>
public sealed class GradientBuckets : IDisposable
{
    private sealed record Slot(Tensor Parameter, long Offset, long Count, long[] Shape);

    private sealed record Bucket(Tensor Flat, List<Slot> Slots);

    private readonly ProcessGroup? _group;
    private readonly List<Bucket> _buckets = [];

    internal GradientBuckets(ProcessGroup? group, IEnumerable<Tensor> parameters, long bucketBytes)
    {
        _group = group;
        if (group is null || group.WorldSize == 1) return;
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketBytes, 1);
        var pending = new List<Tensor>();
        long bytes = 0;
        foreach (var p in parameters.Reverse())
        {
            var size = p.numel() * p.element_size();
            var first = pending.Count > 0 ? pending[0] : null;
            if (first is not null && (bytes + size > bucketBytes || first.dtype != p.dtype || first.device != p.device))
            {
                _buckets.Add(Plan(pending));
                pending = [];
                bytes = 0;
            }
            pending.Add(p);
            bytes += size;
        }
        if (pending.Count > 0) _buckets.Add(Plan(pending));
    }

    /// <summary>Number of allreduces one step makes.</summary>
    public int BucketCount => _buckets.Count;

    /// <summary>Elements per bucket, in reduction order.</summary>
    public IReadOnlyList<long> BucketElements => _buckets.Select(b => b.Flat.numel()).ToArray();

    private static Bucket Plan(List<Tensor> parameters)
    {
        var slots = new List<Slot>(parameters.Count);
        long offset = 0;
        foreach (var p in parameters)
        {
            var n = p.numel();
            slots.Add(new Slot(p, offset, n, p.shape));
            offset += n;
        }
        var flat = torch.zeros([offset], parameters[0].dtype, parameters[0].device).DetachFromDisposeScope();
        return new Bucket(flat, slots);
    }

    /// <summary>Reduces every parameter's gradient across ranks, in place. Every rank must call it at the same point.</summary>
    public void AllReduce(ReduceOp op = ReduceOp.Average)
    {
        if (_buckets.Count == 0) return;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var pending = new List<PendingCollective>(_buckets.Count);
        try
        {
            foreach (var bucket in _buckets)
            {
                foreach (var s in bucket.Slots)
                {
                    var target = bucket.Flat.narrow(0, s.Offset, s.Count);
                    if (s.Parameter.grad is { } g) target.copy_(g.reshape(-1));
                    else target.zero_();
                }
                pending.Add(_group!.AllReduceAsync(bucket.Flat, op));
            }
            foreach (var p in pending) p.Wait();
        }
        finally
        {
            foreach (var p in pending) p.Dispose();
        }
        foreach (var bucket in _buckets)
        foreach (var s in bucket.Slots)
        {
            var reduced = bucket.Flat.narrow(0, s.Offset, s.Count).view(s.Shape);
            if (s.Parameter.grad is { } g) g.copy_(reduced);
            else s.Parameter.grad = reduced.clone();
        }
    }

    public void Dispose()
    {
        foreach (var b in _buckets) b.Flat.Dispose();
        _buckets.Clear();
    }
}
