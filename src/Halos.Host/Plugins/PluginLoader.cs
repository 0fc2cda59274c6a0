using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Halos.Abstractions;
using Halos.Abstractions.Plugins;

namespace Halos.Host.Plugins;

/// <summary>
/// Loads one plugin DLL into its own <see cref="PluginLoadContext"/> and constructs its plugin classes.
/// Every way a DLL can be broken (not .NET, not a plugin, an incompatible contract version, a missing
/// dependency, a throwing constructor) becomes a <see cref="PluginLoadFailure"/> with the path and reason,
/// never an exception: one bad plugin must not stop the others.
/// </summary>
public static class PluginLoader
{
    public sealed record Result(IReadOnlyList<LoadedPlugin> Plugins, IReadOnlyList<PluginLoadFailure> Failures, PluginLoadContext? Context);

    public static Result Load(string dllPath)
    {
        var failures = new List<PluginLoadFailure>();
        if (CheckContract(dllPath) is { } refusal) return new Result([], [new PluginLoadFailure(dllPath, refusal)], null);

        var context = new PluginLoadContext(dllPath);
        var plugins = new List<LoadedPlugin>();
        try
        {
            var assembly = context.LoadFromAssemblyPath(dllPath);
            var version = VersionOf(assembly);
            var candidates = PluginTypes(assembly, dllPath, failures);
            foreach (var type in candidates)
            {
                if (Construct(type, dllPath, failures) is not { } instance) continue;
                string name;
                try { name = instance.Name; }
                catch (Exception e) { failures.Add(new PluginLoadFailure(dllPath, $"{type.FullName}.Name threw {Describe(e)}")); continue; }
                if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
                {
                    failures.Add(new PluginLoadFailure(dllPath, $"{type.FullName}.Name is '{name}'; expected a non-empty name without spaces"));
                    continue;
                }
                plugins.Add(new LoadedPlugin(name, PluginKinds.Of(type), version, dllPath, type.FullName!, instance));
            }
            if (candidates.Count == 0 && failures.Count == 0)
                failures.Add(new PluginLoadFailure(dllPath, $"no plugin classes: expected a public class implementing one of {PluginKinds.InterfaceNames} with a public parameterless constructor"));
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException or FileNotFoundException)
        {
            failures.Add(new PluginLoadFailure(dllPath, Describe(e)));
        }

        if (plugins.Count == 0)
        {
            context.Unload();
            return new Result([], failures, null);
        }
        return new Result(plugins, failures, context);
    }

    /// <summary>
    /// Reads the plugin's references to the contract assemblies (and to the engine) from its metadata, without
    /// loading it, and refuses incompatible versions before any of the plugin's code runs.
    /// </summary>
    internal static string? CheckContract(string dllPath)
    {
        var referenced = new Dictionary<string, Version>(StringComparer.Ordinal);
        try
        {
            using var stream = File.OpenRead(dllPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) return "not a .NET assembly (no metadata)";
            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly) return "not a .NET assembly (a module without an assembly manifest)";
            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                referenced[reader.GetString(reference.Name)] = reference.Version;
            }
        }
        catch (BadImageFormatException e) { return $"not a .NET assembly ({e.Message})"; }
        catch (IOException e) { return $"cannot read the file ({e.Message})"; }

        if (!referenced.ContainsKey(PluginContract.AssemblyName) && !referenced.ContainsKey(PluginContract.TensorAssemblyName))
            return $"not a halos plugin: it does not reference {PluginContract.AssemblyName}";
        foreach (var contractAssembly in new[] { PluginContract.AssemblyName, PluginContract.TensorAssemblyName })
        {
            if (!referenced.TryGetValue(contractAssembly, out var version)) continue;
            var contract = new Version(version.Major, version.Minor);
            if (!PluginContract.IsCompatible(contract))
                return $"built against plugin contract {contract} ({contractAssembly} {version}), but this host implements contract {PluginContract.Version}; "
                    + $"rebuild the plugin against {contractAssembly} {PluginContract.Major}.x (minor version at most {PluginContract.Minor})";
        }
        // The engine's managed API is bound directly by model and trainer plugins: another major is another API.
        if (referenced.TryGetValue(PluginContract.EngineAssemblyName, out var engine) && EngineVersion is { } host && engine.Major != host.Major)
            return $"built against {PluginContract.EngineAssemblyName} {engine}, but this host runs {PluginContract.EngineAssemblyName} {host}; "
                + $"rebuild the plugin against {PluginContract.EngineAssemblyName} {host.Major}.x";
        return null;
    }

    /// <summary>The engine version this host runs, read from its own reference so that checking a plugin never loads the engine.</summary>
    private static Version? EngineVersion => typeof(PluginLoader).Assembly.GetReferencedAssemblies()
        .FirstOrDefault(a => a.Name == PluginContract.EngineAssemblyName)?.Version;

    private static List<Type> PluginTypes(Assembly assembly, string dllPath, List<PluginLoadFailure> failures)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var reasons = e.LoaderExceptions.Where(x => x is not null).Select(x => Describe(x!)).Distinct();
            failures.Add(new PluginLoadFailure(dllPath, "its types cannot be loaded: " + string.Join("; ", reasons)));
            types = e.Types.Where(t => t is { IsPublic: true }).ToArray()!;
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
        {
            failures.Add(new PluginLoadFailure(dllPath, "its types cannot be loaded: " + Describe(e)));
            return [];
        }
        return types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IHalosPlugin).IsAssignableFrom(t)).ToList();
    }

    private static IHalosPlugin? Construct(Type type, string dllPath, List<PluginLoadFailure> failures)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            failures.Add(new PluginLoadFailure(dllPath, $"{type.FullName} has no public parameterless constructor"));
            return null;
        }
        try
        {
            return (IHalosPlugin)Activator.CreateInstance(type)!;
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } thrown } ? thrown : e;
            failures.Add(new PluginLoadFailure(dllPath, inner is FileNotFoundException or FileLoadException
                ? $"{type.FullName} needs a dependency that is missing: {Describe(inner)}"
                : $"the constructor of {type.FullName} threw {Describe(inner)}"));
            return null;
        }
    }

    private static string VersionOf(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // The SDK appends "+<commit>" to informational versions; the list shows the release.
        if (informational is not null) return informational.Split('+')[0];
        return assembly.GetName().Version?.ToString() ?? "?";
    }

    private static string Describe(Exception e) => e switch
    {
        FileNotFoundException f when f.FileName is not null => $"could not load '{f.FileName}' (not in the plugin folder or the host)",
        FileLoadException f when f.FileName is not null => $"could not load '{f.FileName}': {f.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
