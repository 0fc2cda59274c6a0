using Halos.Abstractions.Data;
using Halos.Abstractions.Metrics;
using Halos.Abstractions.Models;
using Halos.Abstractions.Plugins;
using Halos.Abstractions.Running;
using Halos.Abstractions.Training;

namespace Halos.Host.Plugins;

/// <summary>The plugin interfaces and the kind each one stands for: the one place that maps them.</summary>
public static class PluginKinds
{
    public static readonly IReadOnlyList<(Type Interface, PluginKind Kind)> Interfaces =
    [
        (typeof(ILoaderPlugin), PluginKind.Loader),
        (typeof(IModelPlugin), PluginKind.Model),
        (typeof(ITrainerPlugin), PluginKind.Trainer),
        (typeof(IMetricSinkPlugin), PluginKind.MetricSink),
        (typeof(IRunLoopPlugin), PluginKind.RunLoop),
    ];

    public static PluginKind Of(Type type) =>
        Interfaces.Where(i => i.Interface.IsAssignableFrom(type)).Aggregate(PluginKind.None, (k, i) => k | i.Kind);

    public static PluginKind Of<T>() where T : IHalosPlugin => Of(typeof(T));

    /// <summary>"loader", "model", "trainer", "metric-sink", "run-loop", or several joined with "+".</summary>
    public static string Describe(PluginKind kind) =>
        string.Join("+", Interfaces.Where(i => kind.HasFlag(i.Kind)).Select(i => Word(i.Kind)));

    private static string Word(PluginKind kind) => kind switch
    {
        PluginKind.Loader => "loader",
        PluginKind.Model => "model",
        PluginKind.Trainer => "trainer",
        PluginKind.MetricSink => "metric-sink",
        PluginKind.RunLoop => "run-loop",
        _ => kind.ToString(),
    };

    public static string InterfaceNames => string.Join(", ", Interfaces.Select(i => i.Interface.Name));
}
