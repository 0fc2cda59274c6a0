using Microsoft.Extensions.Configuration;

namespace Halos.Host.Configuration;

/// <summary>Finds the profiles under a configuration root (the folder that holds appsettings.json and profiles/).</summary>
public sealed class ProfileCatalog(string root)
{
    public const string ProfilesFolderName = "profiles";
    public const string SectionName = "Profiles";

    public string Root { get; } = root;

    public string ProfilesFolder => Path.Combine(Root, ProfilesFolderName);

    public string AppSettingsPath => Path.Combine(Root, LayeredConfiguration.AppSettingsFileName);

    /// <summary>Every profile, files first, each with where it is defined. A name defined both ways is listed twice (and refused by <see cref="Find"/>).</summary>
    public IReadOnlyList<ProfileInfo> List(IConfiguration appSettings)
    {
        var profiles = new List<ProfileInfo>();
        if (Directory.Exists(ProfilesFolder))
        {
            foreach (var file in Directory.EnumerateFiles(ProfilesFolder, "*.json").Order(StringComparer.Ordinal))
                profiles.Add(new ProfileInfo(Path.GetFileNameWithoutExtension(file), Relative(file), file));
        }
        foreach (var section in appSettings.GetSection(SectionName).GetChildren().OrderBy(s => s.Key, StringComparer.Ordinal))
            profiles.Add(new ProfileInfo(section.Key, $"{LayeredConfiguration.AppSettingsFileName} {SectionName}:{section.Key}", null));
        return profiles;
    }

    /// <summary>The profile called <paramref name="name"/>; a missing or doubly-defined one is a configuration error naming what was looked for.</summary>
    public ProfileInfo Find(string name, IConfiguration appSettings)
    {
        var all = List(appSettings);
        var matches = all.Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1) return matches[0];
        if (matches.Count > 1)
            throw new ConfigurationException("--profile", $"profile '{name}' is defined twice, in {string.Join(" and in ", matches.Select(m => m.Origin))}; keep one");
        var available = all.Count == 0 ? "there are none" : "available: " + string.Join(", ", all.Select(p => p.Name).Distinct());
        throw new ConfigurationException("--profile",
            $"no profile '{name}': looked for {Relative(Path.Combine(ProfilesFolder, name + ".json"))} and section {SectionName}:{name} in {LayeredConfiguration.AppSettingsFileName}; {available}"
            + ClosestName.Suffix(name, all.Select(p => p.Name)));
    }

    private string Relative(string path) => Path.GetRelativePath(Root, path);
}
