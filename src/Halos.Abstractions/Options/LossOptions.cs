using Microsoft.Extensions.Configuration;

namespace Halos.Abstractions.Options;

/// <summary>
/// The <c>Loss</c> section: one loss script with its hyperparameters, or a weighted combination of scripts.
/// <code>
/// "Loss": { "Script": "dpo", "Params": { "beta": 0.2 } }
/// "Loss": { "Combine": [ { "Script": "dpo", "Weight": 0.8 }, { "Script": "sft", "Weight": 1.0 } ] }
/// </code>
/// </summary>
public sealed class LossOptions
{
    public const string Section = "Loss";

    /// <summary>The loss script: a name in <c>losses/</c> (<c>dpo</c> is <c>losses/dpo.csx</c>) or a path.</summary>
    public string? Script { get; set; }

    /// <summary>
    /// Hyperparameters by the names the script declares (<c>Loss:Params:beta</c>). The loss compiler checks
    /// them against the script, so an unknown one is still an error, naming the declared ones.
    /// </summary>
    public IConfiguration? Params { get; set; }

    /// <summary>A weighted sum of scripts, each <c>Loss:Combine:N:Script</c>, <c>:Weight</c> and optional <c>:Params</c>.</summary>
    public IConfiguration? Combine { get; set; }

    /// <summary>Lets scripts use any .NET API (files, processes, reflection); off by default.</summary>
    public bool AllowUnrestricted { get; set; }

    /// <summary>Where compiled scripts are cached (default <c>$XDG_CACHE_HOME/halos/losses</c>).</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>
    /// The longest one call of a loss script may run, in seconds (default 60; 0 turns the watchdog off). A script past
    /// it is stopped with an error naming it, and a training run saves a checkpoint of its last completed step first.
    /// </summary>
    public double CallTimeoutSeconds { get; set; } = 60;

    /// <summary>The folder script names resolve in (default <c>losses/</c> beside appsettings.json).</summary>
    public string? Directory { get; set; }

    /// <summary>Whether any loss is configured.</summary>
    public bool IsSet => !string.IsNullOrWhiteSpace(Script) || (Combine?.GetChildren().Any() ?? false);
}
