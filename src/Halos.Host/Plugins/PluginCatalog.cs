using Halos.Abstractions.Plugins;
using Halos.Host.Configuration;
using Microsoft.Extensions.Logging;

namespace Halos.Host.Plugins;

/// <summary>
/// Every plugin the host discovered, by kind and name. Built-in plugins and third-party ones are found the
/// same way: the <c>plugins/</c> folder beside the host, then the locations in <c>Plugins:Paths</c>.
/// Broken plugins are logged and listed in <see cref="Failures"/>; two plugins of one kind with one name are
/// listed in <see cref="Conflicts"/>, and asking for that name is an error naming both paths. Names are per
/// kind because each is chosen by its own key: <c>Data:Loader=sft</c> and <c>Training:Trainer=sft</c> differ.
/// </summary>
public sealed class PluginCatalog : IDisposable
{
    private readonly Dictionary<(PluginKind Kind, string Name), LoadedPlugin> _byName = new(KindAndName.Comparer);
    private readonly List<LoadedPlugin> _plugins = [];
    private readonly List<PluginLoadFailure> _failures = [];
    private readonly List<(PluginKind Kind, string Name, string Message)> _conflicts = [];
    private readonly List<PluginLoadContext> _contexts = [];

    public IReadOnlyList<LoadedPlugin> Plugins => _plugins;

    public IReadOnlyList<PluginLoadFailure> Failures => _failures;

    /// <summary>One message per duplicated name, naming both paths.</summary>
    public IReadOnlyList<string> Conflicts => _conflicts.Select(c => c.Message).ToList();

    /// <summary>The plugins folder that ships with the host (built-in plugins land there at build time).</summary>
    public static string HostPluginsFolder => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Loads every plugin found at <paramref name="locations"/>, in order, logging each failure.</summary>
    public static PluginCatalog Discover(IEnumerable<string> locations, ILogger logger)
    {
        var catalog = new PluginCatalog();
        foreach (var location in locations)
        {
            var (dlls, locateFailures) = PluginLocator.Find(location);
            foreach (var failure in locateFailures) catalog.Fail(failure, logger);
            foreach (var dll in dlls)
            {
                var result = PluginLoader.Load(dll);
                foreach (var failure in result.Failures) catalog.Fail(failure, logger);
                if (result.Context is not null) catalog._contexts.Add(result.Context);
                foreach (var plugin in result.Plugins) catalog.Add(plugin, logger);
            }
        }
        logger.LogDebug("Discovered {PluginCount} plugins ({FailureCount} failed to load)", catalog._plugins.Count, catalog._failures.Count);
        return catalog;
    }

    /// <summary>Registers an in-process plugin (tests, embedding hosts) exactly as a discovered one.</summary>
    public void Add(IHalosPlugin instance, string origin, ILogger logger)
    {
        var type = instance.GetType();
        Add(new LoadedPlugin(instance.Name, PluginKinds.Of(type), type.Assembly.GetName().Version?.ToString() ?? "?", origin, type.FullName!, instance), logger);
    }

    /// <summary>
    /// The plugin called <paramref name="name"/> (as set by configuration key <paramref name="key"/>), which must be a <typeparamref name="T"/>.
    /// Missing, conflicting or wrong-kind names are configuration errors that list what is installed.
    /// </summary>
    public T Get<T>(string name, string key, string? source = null) where T : class, IHalosPlugin
    {
        var kind = PluginKinds.Describe(PluginKinds.Of<T>());
        var wanted = PluginKinds.Of<T>();
        if (_conflicts.FirstOrDefault(c => c.Kind == wanted && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) is { Message: { } conflict })
            throw new ConfigurationException(key, conflict, source);
        if (!_byName.TryGetValue((wanted, name), out var plugin))
        {
            if (_plugins.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { } other)
                throw new ConfigurationException(key, $"plugin '{name}' ({other.Path}) is a {PluginKinds.Describe(other.Kind)} plugin, not a {kind} plugin", source);
            var installed = _plugins.Where(p => p.Instance is T).Select(p => p.Name).ToList();
            var list = installed.Count == 0 ? $"no {kind} plugins are installed" : $"installed {kind} plugins: {string.Join(", ", installed)}";
            var failed = _failures.Count == 0 ? "" : $" ({_failures.Count} plugin(s) failed to load; see 'halos plugins list')";
            throw new ConfigurationException(key, $"no {kind} plugin named '{name}'; {list}{ClosestName.Suffix(name, installed)}{failed}", source);
        }
        return plugin.Instance as T
            ?? throw new ConfigurationException(key, $"plugin '{name}' ({plugin.Path}) is a {PluginKinds.Describe(plugin.Kind)} plugin, not a {kind} plugin", source);
    }

    public IEnumerable<T> OfKind<T>() where T : class, IHalosPlugin => _plugins.Select(p => p.Instance).OfType<T>();

    /// <summary>The <typeparamref name="T"/> plugin called <paramref name="name"/>, or null when none is (or no name is given).</summary>
    public T? Find<T>(string? name) where T : class, IHalosPlugin =>
        string.IsNullOrWhiteSpace(name) ? null : OfKind<T>().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private void Add(LoadedPlugin plugin, ILogger logger)
    {
        if (_byName.TryGetValue((plugin.Kind, plugin.Name), out var existing))
        {
            var message = $"{PluginKinds.Describe(plugin.Kind)} plugin name '{plugin.Name}' is registered twice: by {existing.TypeName} in {existing.Path} and by {plugin.TypeName} in {plugin.Path}";
            _conflicts.Add((plugin.Kind, plugin.Name, message));
            logger.LogError("Plugin name {PluginName} is registered twice: {FirstPath} and {SecondPath}", plugin.Name, existing.Path, plugin.Path);
        }
        else _byName[(plugin.Kind, plugin.Name)] = plugin;
        _plugins.Add(plugin);
        logger.LogDebug("Loaded {PluginKind} plugin {PluginName} {PluginVersion} from {PluginPath}", PluginKinds.Describe(plugin.Kind), plugin.Name, plugin.Version, plugin.Path);
    }

    private void Fail(PluginLoadFailure failure, ILogger logger)
    {
        _failures.Add(failure);
        logger.LogWarning("Plugin {PluginPath} failed to load: {Reason}", failure.Path, failure.Reason);
    }

    public void Dispose()
    {
        foreach (var plugin in _plugins) (plugin.Instance as IDisposable)?.Dispose();
        _plugins.Clear();
        _byName.Clear();
        foreach (var context in _contexts) context.Unload();
        _contexts.Clear();
    }

    private sealed class KindAndName : IEqualityComparer<(PluginKind Kind, string Name)>
    {
        public static readonly KindAndName Comparer = new();

        public bool Equals((PluginKind Kind, string Name) a, (PluginKind Kind, string Name) b) =>
            a.Kind == b.Kind && string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((PluginKind Kind, string Name) x) =>
            HashCode.Combine(x.Kind, StringComparer.OrdinalIgnoreCase.GetHashCode(x.Name));
    }
}
