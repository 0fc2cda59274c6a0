using Halos.Abstractions.Plugins;

namespace Halos.Host.Plugins;

/// <summary>A plugin instance the host registered, with what <c>halos plugins list</c> shows about it.</summary>
public sealed record LoadedPlugin(string Name, PluginKind Kind, string Version, string Path, string TypeName, IHalosPlugin Instance)
{
    public string Description => Instance.Description;
}
