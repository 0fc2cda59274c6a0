using Halos.Abstractions.Plugins;
using Halos.Abstractions.Running;

namespace Halos.Training;

/// <summary>
/// The run-loop plugin "standard" (<c>Training:Loop</c>): for each run it creates a <see cref="StandardRunLoop"/> with the
/// loop's own settings (<c>Training:LoopOptions</c>, <see cref="StandardLoopOptions"/>) and the host's logger.
/// </summary>
public sealed class StandardRunLoopPlugin : IRunLoopPlugin, IConfigurablePlugin
{
    public string Name => "standard";

    public string Description => "The shared training loop: accumulation, AdamW, schedules, clipping, eval, checkpoints and resume";

    public Type OptionsType => typeof(StandardLoopOptions);

    public IReadOnlyCollection<RunMode> Modes => [RunMode.Train, RunMode.Eval, RunMode.Score, RunMode.Sample, RunMode.Label];

    public IRunLoop CreateLoop(PluginContext context) => new StandardRunLoop(context.OptionsAs<StandardLoopOptions>(), context.Logger);
}
