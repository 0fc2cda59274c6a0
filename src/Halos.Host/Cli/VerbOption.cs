namespace Halos.Host.Cli;

/// <summary>An option a verb accepts: <c>--name VALUE</c> (or <c>--name=VALUE</c>), or a flag when <see cref="ValueName"/> is null.</summary>
public sealed record VerbOption(string Name, string? ValueName, string Description, bool Required = false)
{
    public bool IsFlag => ValueName is null;

    public string Synopsis => IsFlag ? Name : $"{Name} {ValueName}";
}
