namespace Halos.Host.Plugins;

/// <summary>A plugin DLL (or folder) that could not be loaded, and why; the host reports it and carries on.</summary>
public sealed record PluginLoadFailure(string Path, string Reason)
{
    public override string ToString() => $"{Path}: {Reason}";
}
