using System.Runtime.InteropServices;

namespace Halos.Torch.Distributed;

/// <summary>
/// Averages (or sums) the gradients of a fixed list of parameters across ranks in a few large
/// allreduces instead of one per parameter: gradients are packed into flat buckets of about
/// <see cref="DistributedOptions.GradientBucketBytes"/>, and the results are unpacked into <c>.grad</c>.
/// The buckets are planned once and their buffers reused every step.
/// <para>
/// Buckets follow the parameters in reverse, the order backward produces their gradients. After
/// <see cref="Arm"/>, a hook on each parameter's gradient accumulator marks it ready during backward, and a
/// bucket's allreduce starts as soon as all its gradients are in, overlapping with the rest of backward, as
/// PyTorch's DDP does. Buckets always start in bucket order (a ready bucket waits for the ones before it), so
/// every rank issues the same collectives in the same order whatever its timing; <see cref="AllReduce"/> starts
/// whatever backward did not, and waits for all.
/// </para>
/// A parameter with no gradient on this rank counts as zeros, and receives the reduced gradient, so
/// every rank ends the step with identical gradients.
/// </summary>
public sealed class GradientBuckets : IDisposable
{
    private sealed record Slot(Tensor Parameter, long Offset, long Count, long[] Shape);

    private sealed record Bucket(Tensor Flat, List<Slot> Slots);

    private readonly ProcessGroup? _group;
    private readonly List<Bucket> _buckets = [];

    // Overlap with backward: hook registrations, each slot's bucket, and the state of the armed step (under _gate).
    private static readonly Native.Lib.GradReadyCallback ReadyCallback = OnGradientReady;
    private readonly List<IntPtr> _hooks = [];
    private readonly List<int> _bucketOfSlot = [];
    private readonly object _gate = new();
    private GCHandle _self;
    private bool _armed;
    private ReduceOp _armedOp;
    private int[] _pendingSlots = [];
    private int _nextToStart;
    private readonly List<PendingCollective> _started = [];
    private Exception? _hookFailure;

    /// <param name="evenAlone">plan buckets and hooks at world size 1 too, where the reduction changes nothing: the GPU
    /// check runs the overlap path (hooks on autograd's device threads, NCCL started from them) on one GPU.</param>
    internal GradientBuckets(ProcessGroup? group, IEnumerable<Tensor> parameters, long bucketBytes, bool evenAlone = false)
    {
        _group = group;
        if (group is null || (group.WorldSize == 1 && !evenAlone)) return;
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
        RegisterHooks();
    }

    /// <summary>Buckets whose allreduce started while backward was still running, in the last armed step.</summary>
    public int StartedDuringBackward { get; private set; }

    private void RegisterHooks()
    {
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        var callback = Marshal.GetFunctionPointerForDelegate(ReadyCallback);
        for (var b = 0; b < _buckets.Count; b++)
        {
            foreach (var slot in _buckets[b].Slots)
            {
                _bucketOfSlot.Add(b);
                // A frozen or non-leaf tensor has no accumulator to hook: its bucket then starts in AllReduce.
                if (!slot.Parameter.requires_grad || !slot.Parameter.is_leaf) continue;
                var hook = Native.Lib.ht_grad_ready_hook_add(slot.Parameter.Handle, callback, GCHandle.ToIntPtr(_self), _bucketOfSlot.Count - 1);
                _hooks.Add(Native.Check.Handle(hook));
            }
        }
    }

    /// <summary>
    /// Starts each bucket's allreduce during the next backward, as soon as its gradients are accumulated. Call it
    /// before the backward of a step's last microbatch (earlier ones only accumulate), then <see cref="AllReduce"/>.
    /// </summary>
    public void Arm(ReduceOp op = ReduceOp.Average)
    {
        if (_buckets.Count == 0) return;
        lock (_gate)
        {
            if (_armed) throw new InvalidOperationException("the gradient buckets are already armed; call AllReduce to finish the step first");
            _armed = true;
            _armedOp = op;
            _pendingSlots = _buckets.Select(b => b.Slots.Count).ToArray();
            _nextToStart = 0;
            _hookFailure = null;
            StartedDuringBackward = 0;
        }
    }

    private static void OnGradientReady(IntPtr context, long slot)
    {
        // Runs on the autograd thread, called from native code: nothing may escape.
        if (GCHandle.FromIntPtr(context).Target is not GradientBuckets buckets) return;
        lock (buckets._gate)
        {
            if (!buckets._armed || buckets._hookFailure is not null) return;
            try
            {
                buckets._pendingSlots[buckets._bucketOfSlot[(int)slot]]--;
                while (buckets._nextToStart < buckets._buckets.Count && buckets._pendingSlots[buckets._nextToStart] <= 0)
                {
                    buckets.StartNext();
                    buckets.StartedDuringBackward++;
                }
            }
            catch (Exception e)
            {
                buckets._hookFailure = e;
            }
        }
    }

    /// <summary>Packs bucket <see cref="_nextToStart"/>'s gradients and starts its allreduce (caller holds _gate).</summary>
    private void StartNext()
    {
        var bucket = _buckets[_nextToStart++];
        using (torch.NewDisposeScope())
        using (torch.no_grad())
            Pack(bucket);
        _started.Add(_group!.AllReduceAsync(bucket.Flat, _armedOp));
    }

    private static void Pack(Bucket bucket)
    {
        foreach (var s in bucket.Slots)
        {
            var target = bucket.Flat.narrow(0, s.Offset, s.Count);
            if (s.Parameter.grad is { } g) target.copy_(g.reshape(-1));
            else target.zero_();
        }
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

    /// <summary>
    /// Reduces every parameter's gradient across ranks, in place. Every rank must call it at the same point. After
    /// <see cref="Arm"/>, it finishes what backward started (with the armed operation); otherwise it packs and starts
    /// every bucket now.
    /// </summary>
    public void AllReduce(ReduceOp op = ReduceOp.Average)
    {
        if (_buckets.Count == 0) return;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        List<PendingCollective> pending;
        Exception? failure;
        lock (_gate)
        {
            if (!_armed)
            {
                _armedOp = op;
                _nextToStart = 0;
            }
            _armed = false;
            failure = _hookFailure;
            _hookFailure = null;
            try
            {
                // Whatever backward did not start (a parameter without a gradient, a step without backward), in order.
                while (_nextToStart < _buckets.Count) StartNext();
            }
            catch (Exception e)
            {
                failure ??= e;
            }
            pending = [.. _started];
            _started.Clear();
        }
        try
        {
            foreach (var p in pending) p.Wait();
        }
        finally
        {
            foreach (var p in pending) p.Dispose();
        }
        if (failure is not null) throw new DistributedException($"starting a gradient allreduce during backward failed: {failure.Message}", [], failure);
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
        foreach (var hook in _hooks) Native.Lib.ht_grad_ready_hook_remove(hook);
        _hooks.Clear();
        if (_self.IsAllocated) _self.Free();
        foreach (var b in _buckets) b.Flat.Dispose();
        _buckets.Clear();
    }
}
