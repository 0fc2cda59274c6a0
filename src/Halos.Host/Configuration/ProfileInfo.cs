namespace Halos.Host.Configuration;

/// <summary>A named profile: a file <c>profiles/&lt;name&gt;.json</c>, or a section <c>Profiles:&lt;name&gt;</c> of appsettings.json.</summary>
public sealed record ProfileInfo(string Name, string Origin, string? FilePath)
{
    public bool IsFile => FilePath is not null;
}
