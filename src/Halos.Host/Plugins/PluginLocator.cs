namespace Halos.Host.Plugins;

/// <summary>
/// Turns a plugin location into plugin DLL paths. A location is one of:
/// a DLL; a plugin folder (holding <c>&lt;folder name&gt;.dll</c>, or exactly one app's <c>.deps.json</c>);
/// or a plugins folder whose subfolders are plugin folders (the layout of <c>plugins/</c> beside the host).
/// </summary>
public static class PluginLocator
{
    public static (IReadOnlyList<string> Dlls, IReadOnlyList<PluginLoadFailure> Failures) Find(string location)
    {
        var dlls = new List<string>();
        var failures = new List<PluginLoadFailure>();
        if (File.Exists(location))
        {
            if (location.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) dlls.Add(Path.GetFullPath(location));
            else failures.Add(new PluginLoadFailure(location, "not a plugin: expected a .dll file or a folder"));
        }
        else if (Directory.Exists(location))
        {
            if (EntryDll(location) is { } single) dlls.Add(single);
            else
            {
                foreach (var folder in Directory.EnumerateDirectories(location).Order(StringComparer.Ordinal))
                {
                    if (EntryDll(folder) is { } dll) dlls.Add(dll);
                    else if (Directory.EnumerateFiles(folder, "*.dll").Any())
                        failures.Add(new PluginLoadFailure(folder, $"cannot tell which DLL is the plugin: expected {Path.GetFileName(folder)}.dll (a plugin folder is named after its DLL)"));
                }
            }
        }
        return (dlls, failures);
    }

    /// <summary>The plugin DLL of a plugin folder, or null when the folder is not one.</summary>
    public static string? EntryDll(string folder)
    {
        var named = Path.Combine(folder, Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) + ".dll");
        if (File.Exists(named)) return Path.GetFullPath(named);
        var deps = Directory.GetFiles(folder, "*.deps.json");
        if (deps.Length == 1)
        {
            var dll = deps[0][..^".deps.json".Length] + ".dll";
            if (File.Exists(dll)) return Path.GetFullPath(dll);
        }
        return null;
    }
}
