namespace Halos.Torch.Distributed;

/// <summary>The launch variables (RANK, WORLD_SIZE, MASTER_ADDR, ...) are missing, malformed or inconsistent; nothing was connected.</summary>
public sealed class DistributedConfigurationException(string message) : Exception(message);
