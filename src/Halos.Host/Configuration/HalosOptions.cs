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

    /// <summary>Sections that belong to someone else and are not checked key by key: .NET logging, and the profiles themselves.</summary>
    public static readonly IReadOnlyList<string> PassThroughSections = ["Logging", ProfileCatalog.SectionName];
}
