using Halos.Host.Configuration;
using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>appsettings.json and profile files that are not clean UTF-8 are refused, naming the file and the byte offset.</summary>
public sealed class InvalidUtf8ConfigurationTests : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    private static readonly Dictionary<string, string> NoEnvironment = new();

    [Fact]
    public void AppSettingsWithAnInvalidByteIsRefused()
    {
        // Today: "Learning\xe9Rate" reads as an unknown key with U+FFFD in it, and the setting is ignored.
        _root.File("appsettings.json", "{}");
        var path = Path.Combine(_root.Path, "appsettings.json");
        File.WriteAllBytes(path, [.. "{ \"Training\": { \"Learning"u8, 0xE9, .. "Rate\": 1e-6 } }"u8]);
        var e = Assert.Throws<ConfigurationException>(() => LayeredConfiguration.Load(_root.Path, null, NoEnvironment, []));
        Assert.Equal($"{path}: byte 25: invalid UTF-8; expected UTF-8 text (was the file saved in another encoding, or damaged?)", e.Message);
    }

    [Fact]
    public void AProfileWithALoneSurrogateIsRefused()
    {
        _root.File("appsettings.json", "{}");
        _root.File("profiles/bad.json", "{ \"Training\": { \"Name\": \"\\udc00\" } }");
        var path = Path.Combine(_root.Path, "profiles", "bad.json");
        var e = Assert.Throws<ConfigurationException>(() => LayeredConfiguration.Load(_root.Path, "bad", NoEnvironment, []));
        Assert.StartsWith($"{path}: byte 24: a \\u escape encodes a lone surrogate", e.Message);
    }
}
