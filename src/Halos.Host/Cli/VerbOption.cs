namespace Halos.Host.Cli;

/// <summary>
/// An option a verb accepts: <c>--name VALUE</c> (or <c>--name=VALUE</c>), or a flag when <see cref="ValueName"/> is null.
/// An option with a <see cref="ConfigKey"/> is a shorthand for that configuration key: its value is applied as the
/// override <c>--ConfigKey=VALUE</c> before the configuration is read (a flag sets the key to true), so the verb reads it
/// from the configuration like every other setting, and a profile or <c>appsettings.json</c> can set it instead.
/// A <see cref="Repeats"/> option may be given several times.
/// </summary>
public sealed record VerbOption(string Name, string? ValueName, string Description, bool Required = false)
{
    public bool IsFlag => ValueName is null;

    public string? ConfigKey { get; init; }

    public bool Repeats { get; init; }

    public string Synopsis => IsFlag ? Name : $"{Name} {ValueName}";
}

/// <summary>
/// A positional argument: one value, or (<see cref="Many"/>) every value left. An argument <see cref="AfterSeparator"/>
/// is everything after <c>--</c>, taken as written (the command <c>halos launch</c> starts).
/// </summary>
public sealed record VerbArgument(string Name, string Description, bool Required = true, bool Many = false)
{
    public bool AfterSeparator { get; init; }

    public string Synopsis => AfterSeparator ? $"-- {Name}..." : Many ? $"{Name} [{Name} ...]" : Name;
}
