using System.Text;
using Halos.Models.Hub;
using HubFile = Halos.Models.Tests.Hub.FakeHubServer.HubFile;

namespace Halos.Models.Tests.Hub;

/// <summary>A fake Hub plus an empty cache folder, removed afterwards. Stall timeouts are short so
/// a hung transfer fails the test in seconds rather than hanging CI.</summary>
internal sealed class HubTestBed : IDisposable
{
    public const string Token = "hf_test_token";

    public HubTestBed()
    {
        Cache = Directory.CreateTempSubdirectory("halos-hub-test-").FullName;
        Server = new FakeHubServer();
    }

    public FakeHubServer Server { get; }
    public string Cache { get; }

    public HubOptions Options(bool offline = false, int maxAttempts = 3) => new()
    {
        CacheDirectory = Cache,
        Endpoint = Server.Endpoint,
        Token = Token,
        Offline = offline,
        MaxAttempts = maxAttempts,
        StallTimeout = TimeSpan.FromSeconds(10),
        LockTimeout = TimeSpan.FromSeconds(10),
    };

    public ModelResolver Resolver(bool offline = false, int maxAttempts = 3) => new(Options(offline, maxAttempts));

    public string RepoFolder(string repo) => Path.Combine(Cache, "models--" + repo.Replace("/", "--"));

    public static HubFile Small(string text) => new(Encoding.UTF8.GetBytes(text), Lfs: false);

    /// <summary>Deterministic pseudo-random bytes, large enough to arrive in several reads.</summary>
    public static HubFile Large(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return new HubFile(bytes, Lfs: true);
    }

    public void Dispose()
    {
        Server.Dispose();
        try { Directory.Delete(Cache, recursive: true); } catch (IOException) { }
    }
}
