using Halos.Abstractions.Metrics;
using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Host.Plugins;

namespace Halos.Host.Configuration;

/// <summary>
/// The plugins a run uses when the configuration names none: the host's own built-in plugins, so that
/// <c>halos</c> works from any folder, with no <c>appsettings.json</c> of a project around it. A default applies
/// only when its plugin is installed; otherwise the key stays unset and the planner says what to set.
/// </summary>
public static class BuiltInDefaults
{
    public const string Trainer = "auto";

    public const string ModelPlugin = "transformers";

    public const string MetricSink = "jsonl";

    /// <summary><paramref name="configured"/>, or the built-in default when it is unset and installed.</summary>
    public static string? Or<T>(string? configured, string builtIn, PluginCatalog catalog) where T : class, Abstractions.Plugins.IHalosPlugin =>
        !string.IsNullOrWhiteSpace(configured) ? configured
        : Installed<T>(builtIn, catalog) ? builtIn
        : configured;

    public static string? TrainerOr(string? configured, PluginCatalog catalog) => Or<ITrainerPlugin>(configured, Trainer, catalog);

    public static string? ModelPluginOr(string? configured, PluginCatalog catalog) => Or<IModelPlugin>(configured, ModelPlugin, catalog);

    /// <summary>The configured sinks, or the JSON-lines sink (what <c>halos report</c> reads) when no layer sets <c>Metrics:Sinks</c>.</summary>
    public static string[] SinksOr(string[] configured, LayeredConfiguration configuration, PluginCatalog catalog) =>
        configured.Length == 0 && !configuration.Root.GetSection("Metrics:Sinks").GetChildren().Any() && Installed<IMetricSinkPlugin>(MetricSink, catalog)
            ? [MetricSink]
            : configured;

    private static bool Installed<T>(string name, PluginCatalog catalog) where T : class, Abstractions.Plugins.IHalosPlugin =>
        catalog.OfKind<T>().Any(p => p.Name == name);
}
