namespace Halos.Torch.Distributed;

/// <summary>The c10d process group implementation: Gloo moves CPU tensors over TCP, NCCL CUDA tensors over NVLink/InfiniBand.</summary>
public enum CollectiveBackend
{
    Gloo = 0,
    Nccl = 1,
}

public static class CollectiveBackends
{
    /// <summary>Whether this libhalos_torch was built with c10d (Gloo found at build time).</summary>
    public static bool IsAvailable => Native.Lib.ht_distributed_available() != 0;

    /// <summary>Whether the libtorch it was built against has NCCL (a CUDA build).</summary>
    public static bool IsNcclAvailable => Native.Lib.ht_distributed_nccl_available() != 0;

    /// <summary>The backend for tensors on <paramref name="device"/>, as PyTorch picks it: NCCL for CUDA, Gloo for CPU.</summary>
    public static CollectiveBackend For(Device device) => device.Type == DeviceType.CUDA ? CollectiveBackend.Nccl : CollectiveBackend.Gloo;
}
