using Halos.Abstractions.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Halos.Abstractions.Plugins;

/// <summary>
/// What the host hands a plugin when it creates the plugin's working object for one run: the plugin's own settings
/// (already checked against its declared options class), a logger, the run's cancellation, output folder and ranks.
/// A plugin keeps per-run state in the object it creates from this, never in statics or in the plugin itself, so two
/// runs in one process (tests, a notebook) never see each other's state.
/// </summary>
public sealed record PluginContext
{
    /// <summary>The plugin's registration name.</summary>
    public required string PluginName { get; init; }

    /// <summary>The configuration path of the plugin's settings (<c>Training:TrainerOptions</c>, <c>Model:Options</c>, ...).</summary>
    public string SectionPath { get; init; } = "";

    /// <summary>The plugin's settings section (empty when nothing is set).</summary>
    public IConfiguration Settings { get; init; } = Empty;

    /// <summary>
    /// The settings bound to the plugin's options class (<see cref="IConfigurablePlugin.OptionsType"/>), or null for a
    /// plugin that declares none. The host has bound and validated them at start-up, so a bad key never reaches here.
    /// </summary>
    public object? Options { get; init; }

    /// <summary>Where the plugin's messages go: the host's console or JSON log, under the plugin's own category.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Fires on Ctrl+C: a plugin doing long work stops at the next safe point.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The run's output folder (resolved), or null for a verb that writes none. The plugin does not create it.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>The run's output folder, for a plugin that cannot work without one (a metric sink).</summary>
    public string RequiredOutputDirectory => OutputDirectory
        ?? throw new InvalidOperationException($"plugin '{PluginName}' needs the run's output folder, but this run has none");

    /// <summary>The folder relative paths in the configuration are relative to.</summary>
    public string ConfigurationRoot { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>This process's place in a data-parallel run (rank 0 of 1 otherwise).</summary>
    public RunRanks Ranks { get; init; } = RunRanks.Single;

    /// <summary>The run's name: the output folder's last part, or the plugin's name when the run writes none.</summary>
    public string RunName => OutputDirectory is { Length: > 0 } folder
        ? Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))
        : PluginName;

    /// <summary>
    /// The typed options: those the host bound, or, for a context built by hand (tests, embedding), <see cref="Settings"/>
    /// bound now with <see cref="SectionBinder.Bind{T}"/> (which throws naming the key on a bad one).
    /// </summary>
    public T OptionsAs<T>() where T : class, new() => Options as T ?? SectionBinder.Bind<T>(Settings);

    /// <summary>Resolves a path from the settings against <see cref="ConfigurationRoot"/>.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, ConfigurationRoot);

    /// <summary>A context for using a plugin outside the host (tests, a script): no settings, no logging, one process.</summary>
    public static PluginContext Standalone(string pluginName, ILogger? logger = null) =>
        new() { PluginName = pluginName, Logger = logger ?? NullLogger.Instance };

    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();
}
