namespace Halos.Abstractions;

/// <summary>
/// The version of the plugin contract this assembly defines. A plugin does not declare it by hand:
/// compiling against Halos.Abstractions records the assembly version in the plugin's references,
/// and the host compares that with its own at load time.
/// </summary>
/// <remarks>
/// Compatibility rule: same <see cref="Major"/>, and a plugin <see cref="Minor"/> no newer than the
/// host's (minor versions only add members, so an older plugin still binds).
/// </remarks>
public static class PluginContract
{
    public const int Major = 1;
    public const int Minor = 0;

    /// <summary>The name of the contract assembly, as plugins reference it.</summary>
    public const string AssemblyName = "Halos.Abstractions";

    public static Version Version => new(Major, Minor);

    /// <summary>Whether a plugin built against <paramref name="pluginContract"/> can load in this host.</summary>
    public static bool IsCompatible(Version pluginContract) =>
        pluginContract.Major == Major && pluginContract.Minor <= Minor;
}
