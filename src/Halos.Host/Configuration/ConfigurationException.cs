namespace Halos.Host.Configuration;

/// <summary>The configuration cannot be used; every error names its key. The CLI exits with code 2.</summary>
public sealed class ConfigurationException(IReadOnlyList<ConfigurationError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public ConfigurationException(string key, string problem, string? source = null)
        : this([new ConfigurationError(key, problem, source)]) { }

    public IReadOnlyList<ConfigurationError> Errors { get; } = errors;
}
