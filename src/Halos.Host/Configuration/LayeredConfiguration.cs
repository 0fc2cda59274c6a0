using Halos.Tokenizers.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Halos.Host.Configuration;

/// <summary>
/// The effective configuration, built in precedence order (later wins):
/// option defaults &lt; appsettings.json &lt; profile &lt; HALOS__* environment variables &lt; --Section:Key=value.
/// It remembers which layer each key came from, so errors and <c>config show</c> can say so.
/// </summary>
public sealed class LayeredConfiguration
{
    public const string AppSettingsFileName = "appsettings.json";
    public const string EnvironmentPrefix = "HALOS__";
    public const string DefaultSource = "default";

    private LayeredConfiguration(IConfigurationRoot root, IReadOnlyList<ConfigurationLayer> layers, string rootFolder, ProfileInfo? profile)
    {
        Root = root;
        Layers = layers;
        RootFolder = rootFolder;
        Profile = profile;
    }

    public IConfigurationRoot Root { get; }

    /// <summary>Lowest precedence first.</summary>
    public IReadOnlyList<ConfigurationLayer> Layers { get; }

    /// <summary>The folder holding appsettings.json and profiles/; relative paths in options resolve against it.</summary>
    public string RootFolder { get; }

    public ProfileInfo? Profile { get; }

    /// <summary>
    /// Builds the layers. <paramref name="environment"/> is the process environment (injectable for tests);
    /// <paramref name="overrides"/> are command-line tokens of the form <c>--Section:Key=value</c> or <c>--Section:Key value</c>.
    /// </summary>
    public static LayeredConfiguration Load(string rootFolder, string? profileName,
        IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> overrides)
    {
        rootFolder = Path.GetFullPath(rootFolder);
        var catalog = new ProfileCatalog(rootFolder);
        var builder = new ConfigurationBuilder();
        var describers = new List<(string Name, Func<string, string> Describe)>();

        if (File.Exists(catalog.AppSettingsPath))
        {
            builder.AddJsonFile(CheckedText(catalog.AppSettingsPath), optional: false, reloadOnChange: false);
            describers.Add((AppSettingsFileName, _ => AppSettingsFileName));
        }
        var appSettings = BuildOrExplain(builder);

        ProfileInfo? profile = null;
        if (profileName is not null)
        {
            profile = catalog.Find(profileName, appSettings);
            if (profile.FilePath is not null) builder.AddJsonFile(CheckedText(profile.FilePath), optional: false, reloadOnChange: false);
            else builder.Add(new MemoryConfigurationSource { InitialData = SectionAsRoot(appSettings.GetSection($"{ProfileCatalog.SectionName}:{profile.Name}")) });
            var origin = $"profile {profile.Name}: {profile.Origin}";
            describers.Add(("profile", _ => origin));
        }

        var (environmentData, variableNames) = FromEnvironment(environment);
        builder.Add(new MemoryConfigurationSource { InitialData = environmentData });
        describers.Add(("environment", key => $"environment {variableNames.GetValueOrDefault(key, EnvironmentPrefix + key.Replace(":", "__"))}"));

        builder.AddCommandLine(overrides.ToArray());
        describers.Add(("command line", key => $"command line --{key}"));

        var root = BuildOrExplain(builder);
        var layers = root.Providers.Zip(describers, (provider, d) => new ConfigurationLayer(d.Name, provider, d.Describe)).ToList();
        return new LayeredConfiguration(root, layers, rootFolder, profile);
    }

    /// <summary>
    /// The JSON configuration provider decodes invalid UTF-8 as U+FFFD, so a damaged key silently becomes an unknown
    /// one; a file that is not clean UTF-8 (or escapes a lone surrogate) is refused first, naming it and the byte offset.
    /// </summary>
    private static string CheckedText(string path)
    {
        StrictUtf8.ReadFile(path, json: true, problem => new ConfigurationException(path, problem));
        return path;
    }

    /// <summary>Where the effective value of <paramref name="key"/> comes from: the highest layer that sets it, or "default".</summary>
    public string SourceOf(string key)
    {
        for (var i = Layers.Count - 1; i >= 0; i--)
            if (Layers[i].Provider.TryGet(key, out _)) return Layers[i].Describe(key);
        return DefaultSource;
    }

    /// <summary>Every key some layer sets (leaves only), with its effective value, in ordinal order, excluding the Profiles section.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Leaves() =>
        Root.AsEnumerable()
            .Where(kv => kv.Value is not null && !IsUnder(kv.Key, ProfileCatalog.SectionName))
            .OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase)
            .ToList();

    internal static bool IsUnder(string key, string section) =>
        key.Equals(section, StringComparison.OrdinalIgnoreCase) || key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase);

    private static IConfigurationRoot BuildOrExplain(ConfigurationBuilder builder)
    {
        try
        {
            return builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            // The JSON provider says which file; its inner exception says which line.
            var detail = e.InnerException?.Message is { } inner ? $"{e.Message} {inner}" : e.Message;
            throw new ConfigurationException("(file)", detail);
        }
    }

    private static Dictionary<string, string?> SectionAsRoot(IConfigurationSection section)
    {
        var prefix = section.Path + ":";
        return section.AsEnumerable()
            .Where(kv => kv.Value is not null && kv.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.OrdinalIgnoreCase);
    }

    // Same mapping as Microsoft.Extensions.Configuration.EnvironmentVariables with a prefix
    // (HALOS__Training__Beta -> Training:Beta), from an injectable dictionary so tests need not touch the process environment.
    private static (Dictionary<string, string?> Data, Dictionary<string, string> Names) FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in environment)
        {
            if (!name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) || name.Length == EnvironmentPrefix.Length) continue;
            var key = name[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter);
            data[key] = value;
            names[key] = name;
        }
        return (data, names);
    }

    /// <summary>The process environment as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (e.Key is string k && e.Value is string v) result[k] = v;
        return result;
    }
}
