using Microsoft.Extensions.Configuration;

namespace Halos.Abstractions.Options;

/// <summary>The <c>Loss</c> section: which loss script, and its hyperparameters.</summary>
public sealed class LossOptions
{
    public const string Section = "Loss";

    /// <summary>The loss script's name (<c>losses/&lt;name&gt;.csx</c>, e.g. "dpo").</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Hyperparameters by the names the script declares (<c>Loss:Parameters:beta</c>). The loss
    /// compiler checks them against the script, so an unknown one is still an error.
    /// </summary>
    public IConfiguration? Parameters { get; set; }
}
