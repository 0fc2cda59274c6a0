using Halos.Abstractions.Data;
using Halos.Data.Batching;
using Halos.Torch.Distributed;

namespace Halos.Training.Distributed;

/// <summary>
/// A rank's share of a global microbatch. Every rank draws the same global microbatch (the sampler is seeded
/// identically) and keeps its contiguous, balanced part (<see cref="DataShard"/>). Choices that span the whole
/// microbatch are made before the split, so they do not depend on how many ranks share it: KTO's mismatched KL
/// pairs are assigned over the global microbatch here.
/// </summary>
public static class RankShards
{
    public static IReadOnlyList<Example> Take(IReadOnlyList<Example> global, int rank, int worldSize) =>
        DataShard.Select(KtoMismatchedPairs.WithPartners(global), rank, worldSize);
}
