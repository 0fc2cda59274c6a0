using Halos.Abstractions.Plugins;

namespace Halos.Host.Configuration;

/// <summary>
/// Checks a plugin's own options section against the options class it declares (<see cref="IConfigurablePlugin"/>),
/// with the host's rules: unknown keys with the closest known one, types, ranges, and the layer each value came from.
/// It runs when the run is planned, so a typo stops the run (exit 2) before any folder is created or rank met.
/// </summary>
public static class PluginOptionsCheck
{
    /// <summary>The sections each plugin kind reads its settings from.</summary>
    public const string Model = "Model:Options";
    public const string Loader = "Data:Options";
    public const string Trainer = "Training:TrainerOptions";
    public const string Loop = "Training:LoopOptions";
    public static string Sink(string name) => $"Metrics:Options:{name}";

    /// <summary>The plugin's options bound from <paramref name="section"/>, or null for a plugin that declares none.</summary>
    public static object? Check(IHalosPlugin? plugin, string section, LayeredConfiguration configuration, List<ConfigurationError> errors)
    {
        if (plugin is not IConfigurablePlugin configurable) return null;
        var type = configurable.OptionsType;
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            errors.Add(new ConfigurationError(section, $"plugin '{plugin.Name}' declares options class {type.FullName}, which has no public parameterless constructor"));
            return null;
        }
        var found = new List<ConfigurationError>();
        var options = OptionsBinder.BindSection(configuration, section, type, found);
        errors.AddRange(found.Select(e => e with { Problem = $"{e.Problem} [settings of plugin '{plugin.Name}']" }));
        return found.Count == 0 ? options : null;
    }
}
