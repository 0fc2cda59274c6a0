using Halos.Abstractions.Plugins;

namespace Halos.Abstractions.Running;

/// <summary>
/// The loop behind <c>train</c>, <c>eval</c>, <c>score</c>, <c>sample</c> and <c>label</c>. It is a plugin like the others
/// (the built-in one lives under <c>plugins/</c>), picked by name with <c>Training:Loop</c>, and a factory: for each run
/// the host creates an <see cref="IRunLoop"/> through a <see cref="PluginContext"/> carrying the loop's own settings
/// (<c>Training:LoopOptions</c>: precision, reference mode, distributed timeouts, ...), which are the loop's, not the
/// contract's.
/// </summary>
public interface IRunLoopPlugin : IHalosPlugin
{
    /// <summary>The modes this loop implements.</summary>
    IReadOnlyCollection<RunMode> Modes { get; }

    IRunLoop CreateLoop(PluginContext context);
}
