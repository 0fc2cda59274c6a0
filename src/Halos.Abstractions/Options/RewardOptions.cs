using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Halos.Abstractions.Options;

/// <summary>
/// The <c>Rewards</c> section: what rewards an online run's completions. <see cref="Sources"/> is a weighted list;
/// each entry has a <c>Type</c> (<c>accuracy</c>, <c>format</c>, <c>length</c>, <c>script</c>, <c>model</c>, <c>judge</c>), a
/// <c>Weight</c> (1) and the type's own keys; the run loop checks them key by key at start.
/// </summary>
public sealed class RewardOptions
{
    public const string Section = "Rewards";

    /// <summary>The reward sources (a list of sections), e.g. <c>[{"Type": "accuracy"}, {"Type": "script", "Path": "rewards/format.csx", "Weight": 0.5}]</c>.</summary>
    public IConfiguration? Sources { get; set; }

    /// <summary>Reward scripts may use the whole framework (files, network), as <c>Loss:AllowUnrestricted</c> allows loss scripts.</summary>
    public bool AllowUnrestricted { get; set; }

    /// <summary>The longest one call of a reward script may run before it is stopped.</summary>
    [Range(0.001, 86400.0)]
    public double CallTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// What <c>halos label</c> writes: <c>pairs</c> (per prompt, the best- and worst-rewarded samples, in TRL's preference
    /// format) or <c>unpaired</c> (each sample desirable or not, in TRL's unpaired format).
    /// </summary>
    [AllowedValues("pairs", "unpaired")]
    public string LabelAs { get; set; } = "pairs";

    /// <summary>
    /// Unpaired labels: a sample is desirable when its reward is at least this. Unset, it is desirable above its group's
    /// mean reward and undesirable below it (its rank within the group), and a sample at the mean is left out.
    /// </summary>
    public double? DesirableAbove { get; set; }

    /// <summary>Whether any source is configured.</summary>
    public bool IsSet => Sources?.GetChildren().Any() == true;
}
