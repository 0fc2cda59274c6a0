using Halos.Abstractions.Plugins;
using Halos.Host.Configuration;
using Halos.Host.Hosting;
using Halos.Torch.Distributed;

namespace Halos.Host.Plugins;

/// <summary>
/// Makes the <see cref="PluginContext"/> each plugin's working object is created with, for one run: the plugin's
/// settings section, bound and checked against its declared options class (<see cref="PluginOptionsCheck"/>), a
/// logger under the plugin's name, and the run's cancellation, output folder and ranks. Binding problems are
/// collected into the caller's list, so one start-up reports every plugin's bad keys together.
/// </summary>
public sealed class PluginContextFactory(HalosSession session, CancellationToken cancellation, string? outputDirectory)
{
    private readonly RunRanks _ranks = RanksFromLauncher();

    public PluginContext For(IHalosPlugin plugin, string section, List<ConfigurationError> errors) => new()
    {
        PluginName = plugin.Name,
        SectionPath = section,
        Settings = session.Configuration.Root.GetSection(section),
        Options = PluginOptionsCheck.Check(plugin, section, session.Configuration, errors),
        Logger = session.Logger($"Halos.Plugins.{plugin.Name}"),
        Cancellation = cancellation,
        OutputDirectory = outputDirectory,
        ConfigurationRoot = session.Configuration.RootFolder,
        Ranks = _ranks,
    };

    /// <summary>
    /// The ranks the launcher's variables describe. Malformed variables are the loop's to report when it connects
    /// (it names each one); until then the plugins see one process.
    /// </summary>
    private static RunRanks RanksFromLauncher()
    {
        try
        {
            return LaunchEnvironment.FromProcess() is { } launch ? new RunRanks(launch.Rank, launch.WorldSize, launch.LocalRank) : RunRanks.Single;
        }
        catch (DistributedConfigurationException)
        {
            return RunRanks.Single;
        }
    }
}
