namespace Halos.Host.Configuration;

/// <summary>One problem with the configuration, tied to its key and the layer that set it.</summary>
public sealed record ConfigurationError(string Key, string Problem, string? Source = null)
{
    public override string ToString() =>
        Source is null or LayeredConfiguration.DefaultSource ? $"{Key}: {Problem}" : $"{Key}: {Problem} (from {Source})";
}
