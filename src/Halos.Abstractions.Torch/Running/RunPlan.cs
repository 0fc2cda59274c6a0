using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Metrics;
using Halos.Abstractions.Models;
using Halos.Abstractions.Options;
using Halos.Abstractions.Training;
using Microsoft.Extensions.Configuration;

namespace Halos.Abstractions.Running;

/// <summary>
/// Everything the host resolved before handing a run to the loop: validated options, the working objects of the
/// plugins the profile names (each created for this run through its <see cref="Plugins.PluginContext"/>), and the verb's
/// input/output files. Paths in the options
/// are as written; <see cref="ConfigurationRoot"/> is the folder relative paths are relative to.
/// </summary>
public sealed record RunPlan
{
    public required RunMode Mode { get; init; }

    /// <summary>The profile the run was launched with, or null for plain appsettings.json.</summary>
    public string? Profile { get; init; }

    public required string ConfigurationRoot { get; init; }

    /// <summary>The whole effective configuration (for writing it next to checkpoints).</summary>
    public required IConfiguration Configuration { get; init; }

    public required TrainingOptions Training { get; init; }
    public required DataOptions Data { get; init; }
    public required ModelOptions Model { get; init; }
    public required LossOptions Loss { get; init; }
    public required MetricsOptions Metrics { get; init; }

    /// <summary>How <c>halos sample</c> and rollouts decode (the <c>Generation</c> section).</summary>
    public GenerationOptions Generation { get; init; } = new();

    /// <summary>What rewards an online run's completions (the <c>Rewards</c> section).</summary>
    public RewardOptions Rewards { get; init; } = new();

    /// <summary>The trainer's working object for this run (created from the plugin <see cref="TrainingOptions.Trainer"/> names).</summary>
    public required ITrainer Trainer { get; init; }

    /// <summary>The model plugin's working object for this run (<see cref="ModelOptions.Plugin"/>).</summary>
    public required IModelBuilder Models { get; init; }

    /// <summary>The loader's working object for this run (<see cref="DataOptions.Loader"/>), for the modes that read data.</summary>
    public ILoader? Loader { get; init; }

    /// <summary>The metric sinks of <c>Metrics:Sinks</c>, opened by the loop on rank 0.</summary>
    public IReadOnlyList<MetricSinkOpener> Sinks { get; init; } = [];

    /// <summary>
    /// Compiles the loss of the <c>Loss</c> section (<c>Loss:Script</c> with <c>Loss:Params</c>, or <c>Loss:Combine</c>). The host provides it (it owns the
    /// script compiler); it runs only when called, so a loop that needs no loss never compiles one. Errors
    /// (a missing script, a compile error, an unknown hyperparameter) name the script and line.
    /// </summary>
    public Func<ILossFunction>? LoadLoss { get; init; }

    /// <summary>
    /// Compiles a reward script (<c>Rewards:Sources</c> entries of type <c>script</c>) with the host's script compiler and
    /// sandbox, under <c>Rewards:AllowUnrestricted</c> and <c>Rewards:CallTimeoutSeconds</c>. Errors name the script and line.
    /// </summary>
    public Func<string, Rewards.IRewardFunction>? LoadRewardScript { get; init; }

    /// <summary>The verb's <c>--input</c> file (score, sample), if any.</summary>
    public string? InputPath { get; init; }

    /// <summary>The verb's <c>--output</c> file (score, sample), if any.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Resolves a path from the options against <see cref="ConfigurationRoot"/>.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, ConfigurationRoot);
}
