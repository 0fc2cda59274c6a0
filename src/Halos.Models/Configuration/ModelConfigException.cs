namespace Halos.Models.Configuration;

/// <summary>A config.json that cannot describe a model: names the file, the key and what was expected.</summary>
public sealed class ModelConfigException : Exception
{
    public ModelConfigException(string source, string? key, string problem)
        : base(key is null ? $"{source}: {problem}" : $"{source}: key '{key}': {problem}")
    {
        Source = source;
        Key = key;
    }

    public new string Source { get; }
    public string? Key { get; }
}
