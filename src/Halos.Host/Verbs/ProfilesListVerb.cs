using Halos.Host.Cli;
using Halos.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace Halos.Host.Verbs;

/// <summary><c>halos profiles list</c>: the profiles under the configuration root and where each is defined.</summary>
public sealed class ProfilesListVerb : Verb
{
    public override string Name => "profiles list";

    public override string Summary => "List the profiles in profiles/ and in appsettings.json's Profiles section";

    public override int Run(VerbContext context)
    {
        var catalog = new ProfileCatalog(context.Root);
        var appSettings = new ConfigurationBuilder();
        if (File.Exists(catalog.AppSettingsPath)) appSettings.AddJsonFile(catalog.AppSettingsPath, optional: false);
        var profiles = catalog.List(appSettings.Build());
        if (profiles.Count == 0)
        {
            context.IO.Out.WriteLine($"no profiles in {catalog.Root} (add profiles/<name>.json, or a Profiles:<name> section to appsettings.json)");
            return ExitCodes.Success;
        }
        TextTable.Write(context.IO.Out, ["NAME", "DEFINED IN"], profiles.Select(p => new[] { p.Name, p.Origin }).ToList());
        return ExitCodes.Success;
    }
}
