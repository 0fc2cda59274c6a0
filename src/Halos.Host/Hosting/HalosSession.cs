using Halos.Abstractions.Options;
using Halos.Host.Cli;
using Halos.Host.Configuration;
using Halos.Host.Console;
using Halos.Host.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Halos.Host.Hosting;

/// <summary>
/// One invocation's generic host: the layered configuration (validated), logging to standard error, and the
/// plugin catalog, registered as services. Verbs resolve what they need from <see cref="Services"/>.
/// </summary>
public sealed class HalosSession : IDisposable
{
    private readonly IHost _host;

    private HalosSession(IHost host, LayeredConfiguration configuration, HalosOptions options)
    {
        _host = host;
        Configuration = configuration;
        Options = options;
    }

    public LayeredConfiguration Configuration { get; }

    public HalosOptions Options { get; }

    public IServiceProvider Services => _host.Services;

    public PluginCatalog Plugins => Services.GetRequiredService<PluginCatalog>();

    public ILogger Logger(string category) => Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

    /// <summary>
    /// Builds the session. Throws <see cref="ConfigurationException"/> (every error naming its key) when the
    /// configuration does not validate or a plugin location in it does not exist.
    /// </summary>
    public static HalosSession Open(string root, GlobalOptions globals, HostIO io, ConsoleSurface surface,
        Action<PluginCatalog, ILogger>? addPlugins = null)
    {
        var configuration = LayeredConfiguration.Load(root, globals.Profile, io.Environment, globals.Overrides);
        var options = OptionsBinder.Bind(configuration);
        var locations = PluginLocations(configuration, options);

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = configuration.RootFolder,
            ApplicationName = "halos",
        });
        builder.Configuration.AddConfiguration(configuration.Root);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddProvider(new SurfaceLoggerProvider(surface, globals.LogFormat));
        builder.Services.AddSingleton(configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Training));
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Data));
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Model));
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Loss));
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Metrics));
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Plugins));
        builder.Services.AddSingleton(services =>
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Halos.Host.Plugins");
            var catalog = PluginCatalog.Discover(locations, logger);
            addPlugins?.Invoke(catalog, logger);
            return catalog;
        });
        var host = builder.Build();
        return new HalosSession(host, configuration, options);
    }

    /// <summary>The host's own plugins folder, then each <c>Plugins:Paths</c> entry resolved against the configuration root.</summary>
    private static List<string> PluginLocations(LayeredConfiguration configuration, HalosOptions options)
    {
        var locations = new List<string> { PluginCatalog.HostPluginsFolder };
        var errors = new List<ConfigurationError>();
        for (var i = 0; i < options.Plugins.Paths.Length; i++)
        {
            var key = $"{PluginsOptions.Section}:{nameof(PluginsOptions.Paths)}:{i}";
            var path = Path.GetFullPath(options.Plugins.Paths[i], configuration.RootFolder);
            if (File.Exists(path) || Directory.Exists(path)) locations.Add(path);
            else errors.Add(new ConfigurationError(key, $"no such file or folder: {path}", configuration.SourceOf(key)));
        }
        if (errors.Count > 0) throw new ConfigurationException(errors);
        return locations;
    }

    /// <summary>Disposes the container, and with it the plugin catalog (unloading the plugins' load contexts).</summary>
    public void Dispose() => _host.Dispose();
}
