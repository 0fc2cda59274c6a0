using System.Reflection;
using System.Runtime.Loader;

namespace Halos.Host.Plugins;

/// <summary>
/// One plugin's private, collectible load context. Its own dependencies resolve from its folder (through
/// its .deps.json when it has one), so two plugins can carry different versions of the same library.
/// The contract assemblies resolve to the host's copies instead, whatever version the plugin folder
/// holds: types that cross the boundary (ILoaderPlugin, Tensor, IConfiguration) must be the host's
/// types, or the host could not cast the plugin to its interface.
/// </summary>
public sealed class PluginLoadContext : AssemblyLoadContext
{
    /// <summary>Assemblies whose types appear in the plugin contracts, always taken from the host.</summary>
    public static readonly IReadOnlySet<string> SharedAssemblies = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Halos.Abstractions",
        "Halos.Abstractions.Torch",
        "Halos.Torch",
        "Microsoft.Extensions.Configuration.Abstractions",
        "Microsoft.Extensions.Configuration",
        // ILogger crosses the boundary in PluginContext.
        "Microsoft.Extensions.Logging.Abstractions",
        "Microsoft.Extensions.Primitives",
    };

    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _folder;

    public PluginLoadContext(string pluginPath)
        : base($"plugin:{Path.GetFileNameWithoutExtension(pluginPath)}", isCollectible: true)
    {
        PluginPath = pluginPath;
        _folder = Path.GetDirectoryName(pluginPath)!;
        _resolver = new AssemblyDependencyResolver(pluginPath);
    }

    public string PluginPath { get; }

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name is null || SharedAssemblies.Contains(name.Name)) return null; // the host's copy
        var path = _resolver.ResolveAssemblyToPath(name);
        if (path is null)
        {
            // No .deps.json (a plugin built without the SDK, or copied by hand): probe the folder.
            var candidate = Path.Combine(_folder, name.Name + ".dll");
            if (File.Exists(candidate)) path = candidate;
        }
        // Framework assemblies are not in the folder: null defers to the default context.
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
