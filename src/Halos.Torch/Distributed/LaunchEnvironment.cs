using System.Globalization;

namespace Halos.Torch.Distributed;

/// <summary>
/// Where this process sits in a distributed run, read from the variables torchrun, <c>halos launch</c>
/// and Slurm scripts set: <c>MASTER_ADDR</c>, <c>MASTER_PORT</c>, <c>RANK</c>, <c>WORLD_SIZE</c>,
/// <c>LOCAL_RANK</c>. Under plain <c>srun</c>, which sets no RANK, Slurm's own <c>SLURM_PROCID</c>,
/// <c>SLURM_NTASKS</c> and <c>SLURM_LOCALID</c> stand in; MASTER_ADDR and MASTER_PORT must still be exported
/// by the batch script, since Slurm has no equivalent.
/// </summary>
public sealed record LaunchEnvironment(string MasterAddress, int MasterPort, int Rank, int WorldSize, int LocalRank)
{
    /// <summary>torchrun's default port, used when MASTER_PORT is unset.</summary>
    public const int DefaultPort = 29500;

    public static LaunchEnvironment SingleProcess { get; } = new("127.0.0.1", DefaultPort, 0, 1, 0);

    /// <summary>
    /// The launch this process belongs to, or null when none of the variables is set (a plain,
    /// single-process run). A partial or malformed set is an error naming the variable.
    /// </summary>
    public static LaunchEnvironment? FromVariables(IReadOnlyDictionary<string, string> env)
    {
        var (rankName, worldName, localName) = env.ContainsKey("RANK") || env.ContainsKey("WORLD_SIZE")
            ? ("RANK", "WORLD_SIZE", "LOCAL_RANK")
            : env.ContainsKey("SLURM_PROCID") && env.ContainsKey("MASTER_ADDR")
                ? ("SLURM_PROCID", "SLURM_NTASKS", "SLURM_LOCALID")
                : (null, null, null);
        if (rankName is null) return null;

        var world = Integer(env, worldName!, min: 1);
        var rank = Integer(env, rankName, min: 0);
        if (rank >= world)
            throw new DistributedConfigurationException($"{rankName}={rank} must be below {worldName}={world}");
        var local = env.ContainsKey(localName!) ? Integer(env, localName!, min: 0) : rank;
        var port = env.ContainsKey("MASTER_PORT") ? Integer(env, "MASTER_PORT", min: 0) : DefaultPort;
        if (port > 65535) throw new DistributedConfigurationException($"MASTER_PORT={port} is not a TCP port (expected 1..65535)");
        if (!env.TryGetValue("MASTER_ADDR", out var address) || string.IsNullOrWhiteSpace(address))
        {
            if (world > 1)
                throw new DistributedConfigurationException(
                    $"{rankName} and {worldName} are set but MASTER_ADDR is not: set it to the host name or address of the machine running rank 0");
            address = "127.0.0.1";
        }
        return new LaunchEnvironment(address.Trim(), port, rank, world, local);
    }

    /// <summary>The current process's variables.</summary>
    public static LaunchEnvironment? FromProcess() =>
        FromVariables(Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? ""));

    private static int Integer(IReadOnlyDictionary<string, string> env, string name, int min)
    {
        if (!env.TryGetValue(name, out var text) || string.IsNullOrWhiteSpace(text))
            throw new DistributedConfigurationException($"{name} is not set; expected a whole number >= {min}");
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new DistributedConfigurationException($"{name}='{text}' is not a whole number >= {min}");
        return value;
    }
}
