namespace Halos.Abstractions.Plugins;

/// <summary>
/// A plugin with settings of its own. It declares their class; the host binds the plugin's options section to it
/// at start-up, together with its own sections, and refuses the run (exit 2, before any output folder or rank
/// rendezvous) on an unknown key (with the closest known one), a value of the wrong type or one outside its
/// declared range, each naming the layer that set it. The sections: <c>Model:Options</c> (model plugin),
/// <c>Data:Options</c> (loader), <c>Training:TrainerOptions</c> (trainer), <c>Metrics:Options:NAME</c> (metric sink).
/// The plugin gets its bound options in <see cref="PluginContext.Options"/> (<see cref="PluginContext.OptionsAs{T}"/>).
/// </summary>
public interface IConfigurablePlugin : IHalosPlugin
{
    /// <summary>The options class: public settable properties, a public parameterless constructor, validation attributes.</summary>
    Type OptionsType { get; }
}
