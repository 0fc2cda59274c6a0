using Halos.Torch.Native;

namespace Halos.Torch.Distributed;

/// <summary>
/// A c10d process group: the ranks of a run, connected by Gloo (CPU tensors) or NCCL (CUDA tensors),
/// and the collectives over them. Every rank must call the same collectives in the same order.
/// Tensors must be contiguous; results land in place (allreduce, broadcast) or in a new tensor
/// (all_gather). A collective that does not complete within <see cref="DistributedOptions.Timeout"/>,
/// or whose peer dies, throws a <see cref="DistributedException"/> naming the rank at fault.
/// </summary>
public sealed class ProcessGroup : IDisposable
{
    private readonly GroupSafeHandle _handle;
    private readonly PeerLiveness _liveness;

    private ProcessGroup(GroupSafeHandle handle, RendezvousStore store, CollectiveBackend backend, int rank, int worldSize,
        DistributedOptions options, PeerLiveness liveness)
    {
        _handle = handle;
        Store = store;
        Backend = backend;
        Rank = rank;
        WorldSize = worldSize;
        Options = options;
        _liveness = liveness;
    }

    public int Rank { get; }
    public int WorldSize { get; }
    public CollectiveBackend Backend { get; }
    public DistributedOptions Options { get; }
    public RendezvousStore Store { get; }

    /// <summary>Joins the group every rank creates over <paramref name="store"/>; returns once all have connected.</summary>
    public static unsafe ProcessGroup Create(RendezvousStore store, CollectiveBackend backend, int rank, int worldSize, DistributedOptions? options = null)
    {
        options ??= new DistributedOptions();
        if (backend == CollectiveBackend.Nccl && !CollectiveBackends.IsNcclAvailable)
            throw new DistributedException("the NCCL backend (for CUDA devices) is not compiled into this libhalos_torch: build native/ against a CUDA " +
                                           "libtorch with NCCL (LIBTORCH_DIR=... dotnet build), or train on the CPU with Gloo", []);
        var liveness = new PeerLiveness(store, options.GroupName, rank, worldSize, options.HeartbeatInterval);
        IntPtr h;
        fixed (byte* name = Lib.Utf8Z(options.GroupName))
            h = Lib.ht_group_new(store.Handle, (int)backend, name, rank, worldSize,
                RendezvousStore.Millis(options.RendezvousTimeout), RendezvousStore.Millis(options.Timeout),
                (long)options.HeartbeatInterval.TotalMilliseconds);
        if (h == IntPtr.Zero)
        {
            var cause = Check.LastError();
            var (suspects, explanation) = liveness.Explain(collectivesEntered: 0);
            throw new DistributedException(
                $"rank {rank} of {worldSize} could not form the {backend} process group through the store at {store.Address} within " +
                $"{RendezvousStore.Seconds(options.RendezvousTimeout)}" + (explanation.Length > 0 ? $": {explanation}" : "") + $". Backend error: {cause}",
                suspects);
        }
        return new ProcessGroup(new GroupSafeHandle(h), store, backend, rank, worldSize, options, liveness);
    }

    /// <summary>Number of collectives this rank has started on the group.</summary>
    public long CollectivesEntered => Check.Count(Lib.ht_group_collectives_entered(Handle));

    public PendingCollective AllReduceAsync(Tensor tensor, ReduceOp op = ReduceOp.Sum)
    {
        var w = Lib.ht_group_allreduce(Handle, tensor.Handle, (int)op);
        GC.KeepAlive(tensor);
        return Started(w, "allreduce");
    }

    /// <summary>Replaces <paramref name="tensor"/> on every rank with the reduction of all ranks' values.</summary>
    public void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum)
    {
        using var pending = AllReduceAsync(tensor, op);
        pending.Wait();
    }

    public PendingCollective BroadcastAsync(Tensor tensor, int root = 0)
    {
        var w = Lib.ht_group_broadcast(Handle, tensor.Handle, root);
        GC.KeepAlive(tensor);
        return Started(w, "broadcast");
    }

    /// <summary>Overwrites <paramref name="tensor"/> on every rank with rank <paramref name="root"/>'s.</summary>
    public void Broadcast(Tensor tensor, int root = 0)
    {
        using var pending = BroadcastAsync(tensor, root);
        pending.Wait();
    }

    /// <summary>Every rank's <paramref name="tensor"/> (all the same shape), stacked in rank order: shape [world, *tensor.shape].</summary>
    public Tensor AllGather(Tensor tensor)
    {
        var output = torch.empty([WorldSize, .. tensor.shape], tensor.dtype, tensor.device);
        try
        {
            var w = Lib.ht_group_allgather(Handle, tensor.Handle, output.Handle);
            GC.KeepAlive(tensor);
            using var pending = Started(w, "all_gather");
            pending.Wait();
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>Returns once every rank has reached this barrier.</summary>
    public void Barrier()
    {
        using var pending = Started(Lib.ht_group_barrier(Handle), "barrier");
        pending.Wait();
    }

    private PendingCollective Started(IntPtr work, string op)
    {
        // A NULL work is an argument error (a non-contiguous tensor, a bad root): it names the input, no peer is involved.
        Check.Handle(work);
        return new PendingCollective(work, this, op);
    }

    /// <summary>The exception for a collective that failed with the backend's <paramref name="cause"/>, naming the peer at fault.</summary>
    internal DistributedException Failure(string what, string cause)
    {
        var entered = _handle.IsClosed ? 0 : Lib.ht_group_collectives_entered(_handle.DangerousGetHandle());
        var (suspects, explanation) = _liveness.Explain(entered);
        var head = suspects.Count == 1 ? $"{what} failed on rank {Rank} of {WorldSize} because of rank {suspects[0]}"
            : suspects.Count > 1 ? $"{what} failed on rank {Rank} of {WorldSize} because of ranks {string.Join(", ", suspects)}"
            : $"{what} failed on rank {Rank} of {WorldSize}";
        return new DistributedException(head + (explanation.Length > 0 ? $": {explanation}" : "") + $". Backend error: {cause}", suspects);
    }

    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    /// <summary>Stops the heartbeat and closes the connections. Waits for collectives still running (at most the timeout).</summary>
    public void Dispose() => _handle.Dispose();
}
