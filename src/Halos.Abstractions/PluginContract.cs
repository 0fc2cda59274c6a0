namespace Halos.Abstractions;

/// <summary>
/// The version of the plugin contract. A plugin does not declare it by hand: compiling against the contract
/// assemblies records their versions in the plugin's references, and the host compares those with its own at
/// load time, before any of the plugin's code runs.
/// </summary>
/// <remarks>
/// The contract has two halves with one version: <see cref="AssemblyName"/> (engine-free: plugin identity,
/// options, data, loaders, metric sinks) and <see cref="TensorAssemblyName"/> (models, trainers, run loops,
/// losses, which exchange tensors). A plugin of the tensor half also binds to the engine, <see cref="EngineAssemblyName"/>,
/// whose own major version is checked too. Compatibility rule for the contract: same <see cref="Major"/>, and a
/// plugin <see cref="Minor"/> no newer than the host's (minor versions only add members, so an older plugin still binds).
/// </remarks>
public static class PluginContract
{
    public const int Major = 2;
    public const int Minor = 0;

    /// <summary>The engine-free contract assembly, which every plugin references.</summary>
    public const string AssemblyName = "Halos.Abstractions";

    /// <summary>The tensor-facing contract assembly (models, trainers, run loops, losses).</summary>
    public const string TensorAssemblyName = "Halos.Abstractions.Torch";

    /// <summary>The tensor engine; a plugin built against another major version of it is refused.</summary>
    public const string EngineAssemblyName = "Halos.Torch";

    public static Version Version => new(Major, Minor);

    /// <summary>Whether a plugin built against <paramref name="pluginContract"/> can load in this host.</summary>
    public static bool IsCompatible(Version pluginContract) =>
        pluginContract.Major == Major && pluginContract.Minor <= Minor;
}
