using System.Diagnostics;
using Halos.Abstractions.Losses;
using Halos.Losses.Compilation;
using Halos.Torch;

namespace Halos.Losses.Tests;

/// <summary>Compiled images are cached on disk by content and engine, and reloaded without Roslyn.</summary>
public class CacheTests
{
    private static string Script(double scale) => $"""
        Consumes(DataKind.Paired);
        return Loss({scale} * (PolicyChosen - PolicyRejected));
        """;

    private static double Run(LossScript script)
    {
        using var scope = torch.NewDisposeScope();
        return script.Compute(new LossInputs { PolicyChosen = torch.tensor(new[] { 3.0 }, 1), PolicyRejected = torch.tensor(new[] { 1.0 }, 1) })
            .Losses.item<double>();
    }

    [Fact]
    public void ASecondProcessLoadsTheImageFromDisk()
    {
        var cache = Directory.CreateTempSubdirectory("halos-cache-test-").FullName;
        var options = new LossScriptOptions { CacheDirectory = cache };
        // A unique constant makes content no other test compiles.
        var unique = 1 + Random.Shared.NextDouble();
        var path = TempScripts.Write(Script(unique));

        var first = LossScript.Load(path, options: options);
        Assert.Equal(CacheOutcome.Compiled, CompiledScriptCache.LastOutcome);
        var images = Directory.GetFiles(cache, "*.lossimg");
        Assert.Single(images);
        Assert.Equal(EngineFingerprint.Key(File.ReadAllText(path), false) + ".lossimg", Path.GetFileName(images[0]));

        LossScript.Load(path, options: options);
        Assert.Equal(CacheOutcome.Memory, CompiledScriptCache.LastOutcome);

        // As a new process would: nothing loaded, the image on disk.
        CompiledScriptCache.ForgetLoaded();
        var clock = Stopwatch.StartNew();
        var reloaded = LossScript.Load(path, options: options);
        clock.Stop();
        Assert.Equal(CacheOutcome.Disk, CompiledScriptCache.LastOutcome);
        Assert.Equal(Run(first), Run(reloaded));
        Assert.Equal(2 * unique, Run(reloaded), 12);
    }

    [Fact]
    public void ChangedContentCompilesAgainAndATornImageIsRebuilt()
    {
        var cache = Directory.CreateTempSubdirectory("halos-cache-test-").FullName;
        var options = new LossScriptOptions { CacheDirectory = cache };
        var unique = 1 + Random.Shared.NextDouble();
        var path = TempScripts.Write(Script(unique));
        LossScript.Load(path, options: options);

        File.WriteAllText(path, Script(unique + 1));
        var changed = LossScript.Load(path, options: options);
        Assert.Equal(CacheOutcome.Compiled, CompiledScriptCache.LastOutcome);
        Assert.Equal(2 * (unique + 1), Run(changed), 12);
        Assert.Equal(2, Directory.GetFiles(cache, "*.lossimg").Length);

        var image = Path.Combine(cache, EngineFingerprint.Key(File.ReadAllText(path), false) + ".lossimg");
        File.WriteAllBytes(image, File.ReadAllBytes(image)[..40]);
        CompiledScriptCache.ForgetLoaded();
        var rebuilt = LossScript.Load(path, options: options);
        Assert.Equal(CacheOutcome.Compiled, CompiledScriptCache.LastOutcome);
        Assert.Equal(2 * (unique + 1), Run(rebuilt), 12);
    }

    [Fact]
    public void TheKeyCoversContentAndTheUnrestrictedSwitch()
    {
        Assert.Equal(EngineFingerprint.Key("a", false), EngineFingerprint.Key("a", false));
        Assert.NotEqual(EngineFingerprint.Key("a", false), EngineFingerprint.Key("b", false));
        Assert.NotEqual(EngineFingerprint.Key("a", false), EngineFingerprint.Key("a", true));
    }

    [Fact]
    public void TheDefaultCacheFollowsXdg()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var expected = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "halos", "losses")
            : Path.Combine(xdg, "halos", "losses");
        Assert.Equal(expected, LossScriptOptions.DefaultCacheDirectory());
    }
}
