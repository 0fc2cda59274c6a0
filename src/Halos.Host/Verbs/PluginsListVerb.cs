using Halos.Host.Cli;
using Halos.Host.Plugins;

namespace Halos.Host.Verbs;

/// <summary><c>halos plugins list</c>: every discovered plugin (name, kind, version, path), then the ones that failed and why.</summary>
public sealed class PluginsListVerb : Verb
{
    public override string Name => "plugins list";

    public override string Summary => "List discovered plugins: name, kind, version, path";

    public override string Details =>
        "Looks in the plugins/ folder beside the halos executable, then in each Plugins:Paths entry of the configuration.\n"
        + "Plugins that failed to load are listed with the reason; the exit code is 2 when two plugins share a name.";

    public override int Run(VerbContext context)
    {
        var catalog = context.Session.Plugins;
        var output = context.IO.Out;
        var rows = catalog.Plugins
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Select(p => new[] { p.Name, PluginKinds.Describe(p.Kind), p.Version, p.Path })
            .ToList();
        TextTable.Write(output, ["NAME", "KIND", "VERSION", "PATH"], rows);
        if (catalog.Failures.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"failed to load ({catalog.Failures.Count}):");
            foreach (var failure in catalog.Failures) output.WriteLine($"  {failure.Path}: {failure.Reason}");
        }
        if (catalog.Conflicts.Count == 0) return ExitCodes.Success;
        foreach (var conflict in catalog.Conflicts) context.IO.Error.WriteLine($"halos: {conflict}");
        return ExitCodes.UsageError;
    }
}
