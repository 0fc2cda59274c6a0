using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Halos.Training.Checkpoints;

/// <summary>
/// <c>run_config.json</c>: the run's whole effective configuration, flattened to <c>Section:Key</c> → value,
/// so a checkpoint records the options that produced it.
/// </summary>
public static class RunConfigurationFile
{
    public static void Save(string path, IConfiguration configuration)
    {
        var values = Setup.RunSummary.Flatten(configuration);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        JsonSerializer.Serialize(stream, values, new JsonSerializerOptions { WriteIndented = true });
        stream.Flush(flushToDisk: true);
    }
}
