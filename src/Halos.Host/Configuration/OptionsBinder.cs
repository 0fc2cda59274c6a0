using System.Reflection;
using Halos.Abstractions.Options;
using Microsoft.Extensions.Configuration;

namespace Halos.Host.Configuration;

/// <summary>
/// Binds the typed option sections strictly: an unknown key, a value of the wrong type, or a value
/// outside its declared range is an error naming the key and the layer that set it. All errors are
/// collected, so one start-up reports every problem at once.
/// </summary>
public static class OptionsBinder
{
    public static HalosOptions Bind(LayeredConfiguration configuration)
    {
        var errors = new List<ConfigurationError>();
        var known = HalosOptions.Sections.Select(s => s.Section).Concat(HalosOptions.PassThroughSections).ToList();
        foreach (var top in configuration.Root.GetChildren())
        {
            if (known.Contains(top.Key, StringComparer.OrdinalIgnoreCase)) continue;
            errors.Add(new ConfigurationError(top.Key,
                $"unknown section; expected one of {string.Join(", ", known)}{ClosestName.Suffix(top.Key, known)}",
                configuration.SourceOf(SectionBinder.FirstLeaf(top))));
        }

        var bound = HalosOptions.Sections.ToDictionary(s => s.Section, s => BindSection(configuration, s.Section, s.Type, errors));
        if (errors.Count > 0) throw new ConfigurationException(errors);
        return new HalosOptions(
            (TrainingOptions)bound[TrainingOptions.Section],
            (DataOptions)bound[DataOptions.Section],
            (ModelOptions)bound[ModelOptions.Section],
            (LossOptions)bound[LossOptions.Section],
            (PluginsOptions)bound[PluginsOptions.Section],
            (MetricsOptions)bound[MetricsOptions.Section],
            (GenerationOptions)bound[GenerationOptions.Section],
            (RewardOptions)bound[RewardOptions.Section]);
    }

    /// <summary>The bindable properties of an options type, by name (case-insensitive, as configuration keys are).</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> PropertiesOf(Type optionsType) => SectionBinder.PropertiesOf(optionsType);

    public static bool IsFreeForm(PropertyInfo property) => SectionBinder.IsFreeForm(property);

    /// <summary>
    /// Binds one section strictly (<see cref="SectionBinder"/>), each problem tied to the layer that set its value.
    /// A key that has moved is named with its new home instead.
    /// </summary>
    public static object BindSection(LayeredConfiguration configuration, string sectionName, Type type, List<ConfigurationError> errors)
    {
        var section = configuration.Root.GetSection(sectionName);
        var problems = new List<BindingProblem>();
        var instance = SectionBinder.Bind(section, type, problems);
        foreach (var problem in problems)
        {
            var message = MovedKeys.NewHomeOf(problem.Key) ?? problem.Problem;
            errors.Add(new ConfigurationError(problem.Key, message, configuration.SourceOf(problem.LeafKey)));
        }
        return instance;
    }
}
