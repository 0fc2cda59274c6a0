namespace Halos.Abstractions.Options;

/// <summary>The <c>Plugins</c> section: where plugins are found besides the <c>plugins/</c> folder next to the host.</summary>
public sealed class PluginsOptions
{
    public const string Section = "Plugins";

    /// <summary>
    /// Extra locations, each a plugins folder (one subfolder per plugin), a single plugin's folder,
    /// or a plugin DLL. Relative paths are relative to the configuration root.
    /// </summary>
    public string[] Paths { get; set; } = [];
}
