namespace Halos.Torch.Distributed;

/// <summary>Knobs of a distributed run.</summary>
public sealed record DistributedOptions
{
    /// <summary>
    /// How long any collective, and the rendezvous, may wait for the other ranks before it fails.
    /// A dead peer is usually seen at once (its connection resets); this bounds the case of a peer
    /// that hangs or whose machine vanished. PyTorch's default is 30 minutes; ten is enough for a
    /// checkpoint write that others wait on at a barrier, and short enough to notice a hang.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long the rendezvous may take: connecting to the store and forming the process group. Ranks
    /// of a multi-node job can start minutes apart (a scheduler, a slow image pull), so this is its own knob.
    /// </summary>
    public TimeSpan RendezvousTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each rank publishes its heartbeat in the store. A failed collective waits three
    /// of these to see which peers stopped beating, so it adds about that much to the error's latency.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gradients are reduced in buckets of about this many bytes: DDP's default of 25 MiB amortises per-collective
    /// latency without holding a second copy of every gradient at once.</summary>
    public long GradientBucketBytes { get; init; } = 25L << 20;

    /// <summary>Keeps the keys of separate groups on one store apart.</summary>
    public string GroupName { get; init; } = "default";
}
