namespace Halos.Torch.Distributed;

/// <summary>How an allreduce combines the ranks' tensors; numbered as the shim's op codes.</summary>
public enum ReduceOp
{
    Sum = 0,

    /// <summary>The sum divided by the world size (NCCL natively; Gloo sums and the binding divides).</summary>
    Average = 1,
    Max = 2,
    Min = 3,
    Product = 4,
}
