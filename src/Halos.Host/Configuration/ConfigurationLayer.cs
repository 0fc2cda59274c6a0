using Microsoft.Extensions.Configuration;

namespace Halos.Host.Configuration;

/// <summary>
/// One layer of the effective configuration and how to name where a key came from, for
/// <c>halos config show</c> and for error messages ("from profiles/dpo.json").
/// </summary>
public sealed record ConfigurationLayer(string Name, IConfigurationProvider Provider, Func<string, string> DescribeKey)
{
    public string Describe(string key) => DescribeKey(key);
}
