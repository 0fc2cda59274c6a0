using Halos.Torch.NN;

namespace Halos.Torch.Distributed;

/// <summary>
/// What a training loop needs to run data-parallel, with one code path for one process and many:
/// in a single process every operation here is the identity, so the loop calls them unconditionally.
/// <list type="bullet">
/// <item><see cref="BroadcastParameters"/> at start, so every rank begins from rank 0's weights;</item>
/// <item><see cref="CreateGradientBuckets"/> once, then <c>AllReduce()</c> after the last microbatch's backward;</item>
/// <item><see cref="AllReduce(IReadOnlyDictionary{string, MetricTotal})"/> for logged metrics, as sums with counts;</item>
/// <item><see cref="AllGather"/> / <see cref="AllGatherConcat"/> for statistics a loss needs across ranks (KTO's z0, GRPO's groups);</item>
/// <item><see cref="Barrier"/> around a checkpoint rank 0 writes;</item>
/// <item><see cref="Shard"/> for this rank's part of a global batch.</item>
/// </list>
/// </summary>
public sealed class DistributedContext : IDisposable
{
    private readonly RendezvousStore? _store;

    private DistributedContext(LaunchEnvironment launch, Device device, DistributedOptions options, RendezvousStore? store, ProcessGroup? group)
    {
        Launch = launch;
        Device = device;
        Options = options;
        _store = store;
        Group = group;
    }

    public LaunchEnvironment Launch { get; }
    public int Rank => Launch.Rank;
    public int WorldSize => Launch.WorldSize;
    public int LocalRank => Launch.LocalRank;
    public bool IsMainProcess => Rank == 0;
    public bool IsDistributed => WorldSize > 1;

    /// <summary>The device this rank trains on: for CUDA without an index, the GPU numbered by LOCAL_RANK.</summary>
    public Device Device { get; }

    public DistributedOptions Options { get; }

    /// <summary>The process group, or null in a single-process run.</summary>
    public ProcessGroup? Group { get; }

    public static DistributedContext SingleProcess(Device? device = null) =>
        new(LaunchEnvironment.SingleProcess, device ?? Device.CPU, new DistributedOptions(), null, null);

    /// <summary>Joins the run this process was launched into (torchrun / <c>halos launch</c> / Slurm variables), or a single-process context when none is set.</summary>
    public static DistributedContext FromEnvironment(Device? device = null, DistributedOptions? options = null) =>
        Initialize(LaunchEnvironment.FromProcess(), device, options);

    /// <summary>Rendezvous at <paramref name="launch"/>'s store (hosted by rank 0) and form the process group for <paramref name="device"/>'s kind.</summary>
    public static DistributedContext Initialize(LaunchEnvironment? launch, Device? device = null, DistributedOptions? options = null)
    {
        options ??= new DistributedOptions();
        var requested = device ?? Device.CPU;
        if (launch is null || launch.WorldSize == 1)
            return new DistributedContext(launch ?? LaunchEnvironment.SingleProcess, requested, options, null, null);

        var rankDevice = requested.Type == DeviceType.CUDA && requested.Index < 0 ? Device.CUDA(launch.LocalRank) : requested;
        var store = launch.Rank == 0
            ? RendezvousStore.Serve(launch.MasterAddress, launch.MasterPort, launch.WorldSize, options.RendezvousTimeout)
            : RendezvousStore.Connect(launch.MasterAddress, launch.MasterPort, launch.WorldSize, options.RendezvousTimeout);
        try
        {
            var group = ProcessGroup.Create(store, CollectiveBackends.For(rankDevice), launch.Rank, launch.WorldSize, options);
            return new DistributedContext(launch, rankDevice, options, store, group);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Overwrites every parameter and buffer of <paramref name="module"/> with rank <paramref name="root"/>'s.</summary>
    public void BroadcastParameters(Module module, int root = 0) =>
        Broadcast(module.named_parameters().Select(p => p.parameter).Concat(module.named_buffers().Select(b => b.buffer)), root);

    /// <summary>Overwrites each tensor with rank <paramref name="root"/>'s, in place; all start before the first is waited on.</summary>
    public void Broadcast(IEnumerable<Tensor> tensors, int root = 0)
    {
        if (Group is null) return;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var started = new List<(PendingCollective Work, Tensor Target, Tensor Buffer)>();
        try
        {
            foreach (var t in tensors)
            {
                // Collectives need dense memory; a strided parameter goes through a contiguous copy.
                var buffer = t.is_contiguous() ? t : t.contiguous();
                started.Add((Group.BroadcastAsync(buffer, root), t, buffer));
            }
            foreach (var (work, target, buffer) in started)
            {
                work.Wait();
                if (!ReferenceEquals(target, buffer)) target.copy_(buffer);
            }
        }
        finally
        {
            foreach (var s in started) s.Work.Dispose();
        }
    }

    /// <summary>The bucketed gradient reduction for <paramref name="parameters"/> (planned once; call <c>AllReduce()</c> each optimizer step).</summary>
    public GradientBuckets CreateGradientBuckets(IEnumerable<Tensor> parameters) =>
        new(Group, parameters.ToList(), Options.GradientBucketBytes);

    /// <summary>Reduces one number across ranks (in float64).</summary>
    public double AllReduce(double value, ReduceOp op = ReduceOp.Sum) => AllReduce([value], op)[0];

    /// <summary>Reduces a vector of numbers across ranks in one collective (in float64).</summary>
    public double[] AllReduce(double[] values, ReduceOp op = ReduceOp.Sum)
    {
        if (Group is null || values.Length == 0) return (double[])values.Clone();
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(values, values.Length).to(ScalarType.Float64, copy: true);
        Group.AllReduce(t, op);
        return t.data<double>();
    }

    /// <summary>The metric over all ranks: Σ value×count and Σ count.</summary>
    public MetricTotal AllReduce(MetricTotal metric)
    {
        var r = AllReduce([metric.Sum, metric.Count]);
        return new MetricTotal(r[0], r[1]);
    }

    /// <summary>
    /// Every metric over all ranks, in one collective. All ranks must report the same names; a rank
    /// that does not is named in the error rather than silently mixing unrelated numbers.
    /// </summary>
    public IReadOnlyDictionary<string, MetricTotal> AllReduce(IReadOnlyDictionary<string, MetricTotal> metrics)
    {
        var names = metrics.Keys.Order(StringComparer.Ordinal).ToArray();
        if (Group is not null)
        {
            var fingerprints = AllGather(NameFingerprint(names));
            var differing = Enumerable.Range(0, WorldSize).Where(r => fingerprints[r] != fingerprints[0]).ToArray();
            if (differing.Length > 0)
                throw new DistributedException(
                    $"ranks report different metric names: rank(s) {string.Join(", ", differing)} differ from rank 0; " +
                    $"this rank ({Rank}) has [{string.Join(", ", names)}]", differing);
        }
        var flat = new double[names.Length * 2];
        for (var i = 0; i < names.Length; i++)
        {
            flat[2 * i] = metrics[names[i]].Sum;
            flat[2 * i + 1] = metrics[names[i]].Count;
        }
        var reduced = AllReduce(flat);
        var result = new Dictionary<string, MetricTotal>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++) result[names[i]] = new MetricTotal(reduced[2 * i], reduced[2 * i + 1]);
        return result;
    }

    /// <summary>
    /// Every metric any rank reports, over all ranks: a name missing on a rank counts nothing there. This is
    /// how a training loop's logged metrics combine, since a rank may legitimately lack one for an interval
    /// (KTO's <c>rewards/chosen</c> on a rank whose examples were all undesirable). Two collectives: the
    /// names, then the sums and counts.
    /// </summary>
    public IReadOnlyDictionary<string, MetricTotal> AllReduceUnion(IReadOnlyDictionary<string, MetricTotal> metrics)
    {
        var names = Group is null ? metrics.Keys.Order(StringComparer.Ordinal).ToArray() : AllNames(metrics.Keys);
        var flat = new double[names.Length * 2];
        for (var i = 0; i < names.Length; i++)
        {
            if (!metrics.TryGetValue(names[i], out var m)) continue;
            flat[2 * i] = m.Sum;
            flat[2 * i + 1] = m.Count;
        }
        var reduced = AllReduce(flat);
        var result = new Dictionary<string, MetricTotal>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++) result[names[i]] = new MetricTotal(reduced[2 * i], reduced[2 * i + 1]);
        return result;
    }

    /// <summary>The sorted union of every rank's <paramref name="names"/>, shipped as UTF-16 code units.</summary>
    private string[] AllNames(IEnumerable<string> names)
    {
        var text = string.Join("\n", names) + "\n";
        using var scope = torch.NewDisposeScope();
        var units = torch.tensor(text.Select(c => (long)c).ToArray(), text.Length);
        var all = AllGatherConcat(units).data<long>();
        var joined = new string(all.Select(u => (char)u).ToArray());
        return joined.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every rank's value, in rank order.</summary>
    public long[] AllGather(long value)
    {
        if (Group is null) return [value];
        using var scope = torch.NewDisposeScope();
        return Group.AllGather(torch.tensor([value], 1)).data<long>();
    }

    /// <summary>Every rank's <paramref name="tensor"/> (same shape on all), stacked in rank order: [world, *shape].</summary>
    public Tensor AllGather(Tensor tensor)
    {
        if (Group is null) return tensor.unsqueeze(0).clone();
        using var scope = torch.NewDisposeScope();
        var input = tensor.is_contiguous() ? tensor : tensor.contiguous();
        return scope.MoveToOuter(Group.AllGather(input));
    }

    /// <summary>
    /// Every rank's <paramref name="tensor"/> concatenated along dim 0 in rank order, where ranks may
    /// hold different numbers of rows (uneven shards): per-example values for a statistic over the
    /// global batch, such as KTO's KL reference point or GRPO's group rewards.
    /// </summary>
    public Tensor AllGatherConcat(Tensor tensor)
    {
        if (tensor.dim() == 0) throw new ArgumentException("AllGatherConcat needs at least one dimension; use AllGather for scalars", nameof(tensor));
        if (Group is null) return tensor.clone();
        using var scope = torch.NewDisposeScope();
        var rows = AllGather(tensor.size(0));
        var max = rows.Max();
        var shape = tensor.shape;
        shape[0] = max;
        var padded = torch.zeros(shape, tensor.dtype, tensor.device);
        if (tensor.size(0) > 0) padded.narrow(0, 0, tensor.size(0)).copy_(tensor);
        var gathered = Group.AllGather(padded);
        var parts = Enumerable.Range(0, WorldSize).Select(r => gathered.select(0, r).narrow(0, 0, rows[r])).ToList();
        return scope.MoveToOuter(torch.cat(parts, 0));
    }

    /// <summary>Returns once every rank has arrived (at most the timeout).</summary>
    public void Barrier() => Group?.Barrier();

    /// <summary>This rank's part of the example indices [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    public DataShard Shard(long start, long count) => DataShard.Of(start, count, Rank, WorldSize);

    // FNV-1a over the sorted names: equal on every rank exactly when the name sets agree (up to a 2^-64 collision).
    private static long NameFingerprint(IEnumerable<string> sortedNames)
    {
        var hash = 14695981039346656037UL;
        foreach (var name in sortedNames)
        {
            foreach (var ch in name + "\n")
            {
                hash ^= ch;
                hash *= 1099511628211UL;
            }
        }
        return unchecked((long)hash);
    }

    public void Dispose()
    {
        Group?.Dispose();
        _store?.Dispose();
    }
}
