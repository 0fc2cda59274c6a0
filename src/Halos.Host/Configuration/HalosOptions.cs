using Halos.Abstractions.Options;

namespace Halos.Host.Configuration;

/// <summary>The validated option sections of one invocation.</summary>
public sealed record HalosOptions(
    TrainingOptions Training,
    DataOptions Data,
    ModelOptions Model,
    LossOptions Loss,
    PluginsOptions Plugins,
    MetricsOptions Metrics,
    GenerationOptions Generation,
    RewardOptions Rewards)
{
    /// <summary>The typed sections, in the order <c>config show</c> prints them.</summary>
    public static readonly IReadOnlyList<(string Section, Type Type)> Sections =
    [
        (TrainingOptions.Section, typeof(TrainingOptions)),
        (LossOptions.Section, typeof(LossOptions)),
        (DataOptions.Section, typeof(DataOptions)),
        (ModelOptions.Section, typeof(ModelOptions)),
        (MetricsOptions.Section, typeof(MetricsOptions)),
        (PluginsOptions.Section, typeof(PluginsOptions)),
        (GenerationOptions.Section, typeof(GenerationOptions)),
        (RewardOptions.Section, typeof(RewardOptions)),
    ];

    /// <summary>
    /// The default of a key of the typed sections (<c>Model:Checkpoint</c>), as help shows it: "not set" for an unset one,
    /// or null when the key is not a typed option.
    /// </summary>
    public static string? DefaultOf(string key)
    {
        var (section, name) = (key[..Math.Max(0, key.IndexOf(':'))], key[(key.IndexOf(':') + 1)..]);
        var type = Sections.FirstOrDefault(s => string.Equals(s.Section, section, StringComparison.OrdinalIgnoreCase)).Type;
        if (type is null || !SectionBinder.PropertiesOf(type).TryGetValue(name, out var property) || SectionBinder.IsFreeForm(property)) return null;
        return property.GetValue(Activator.CreateInstance(type)) switch
        {
            null or "" => "not set",
            bool b => b ? "on" : "off",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            var v => v.ToString(),
        };
    }

    /// <summary>Sections that belong to someone else and are not checked key by key: .NET logging, and the profiles themselves.</summary>
    public static readonly IReadOnlyList<string> PassThroughSections = ["Logging", ProfileCatalog.SectionName];
}
