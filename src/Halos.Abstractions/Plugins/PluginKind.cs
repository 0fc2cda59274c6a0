namespace Halos.Abstractions.Plugins;

/// <summary>The roles a plugin class can fill; one class may fill several.</summary>
[Flags]
public enum PluginKind
{
    None = 0,
    Loader = 1,
    Model = 2,
    Trainer = 4,
    MetricSink = 8,
    RunLoop = 16,
}
