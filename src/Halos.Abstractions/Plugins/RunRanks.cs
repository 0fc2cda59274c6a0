namespace Halos.Abstractions.Plugins;

/// <summary>
/// Where this process stands in a data-parallel run, as the launcher set it (<c>RANK</c>, <c>WORLD_SIZE</c>,
/// <c>LOCAL_RANK</c>). The collectives themselves belong to the run loop; a plugin reads this to, say, write a file
/// from rank 0 only or shard its own work.
/// </summary>
public sealed record RunRanks(int Rank, int WorldSize, int LocalRank)
{
    public static RunRanks Single { get; } = new(0, 1, 0);

    /// <summary>Rank 0: the one process that writes shared files and reports.</summary>
    public bool IsMainProcess => Rank == 0;
}
