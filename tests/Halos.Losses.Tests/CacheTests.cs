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

    private static (LossScriptOptions Options, List<string> Warnings) Private(string cache)
    {
        var warnings = new List<string>();
        return (new LossScriptOptions { CacheDirectory = cache, Warn = warnings.Add }, warnings);
    }

    [Fact]
    public void AnUnrestrictedImageCopiedUnderABenignKey_IsRebuiltRestricted_AndNeverRuns()
    {
        var cache = Path.Combine(Directory.CreateTempSubdirectory("halos-cache-test-").FullName, "losses");
        var marker = Path.Combine(Path.GetDirectoryName(cache)!, "written-by-hostile-image");
        var hostile = TempScripts.Write($$"""
            System.IO.File.WriteAllText(@"{{marker}}", "escaped");
            Consumes(DataKind.Paired);
            return Loss(PolicyChosen - PolicyRejected);
            """);
        var (unrestricted, _) = Private(cache);
        LossScript.Load(hostile, options: unrestricted with { AllowUnrestricted = true });
        var hostileImage = Path.Combine(cache, EngineFingerprint.Key(File.ReadAllText(hostile), true) + ".lossimg");
        Assert.True(File.Exists(hostileImage));

        // The attack: the unrestricted image under the cache key of a benign script, loaded in a restricted run.
        var benign = TempScripts.Write(Script(1 + Random.Shared.NextDouble()));
        var benignKey = Path.Combine(cache, EngineFingerprint.Key(File.ReadAllText(benign), false) + ".lossimg");
        File.Copy(hostileImage, benignKey, overwrite: true);
        CompiledScriptCache.ForgetLoaded();
        var (restricted, warnings) = Private(cache);
        var script = LossScript.Load(benign, options: restricted);

        Assert.Equal(CacheOutcome.Compiled, CompiledScriptCache.LastOutcome);
        var warning = Assert.Single(warnings);
        Assert.Contains($"{benignKey}: the cached image does not belong to {benign}", warning);
        Assert.Contains("it was compiled from other source", warning);
        Assert.Contains("it was compiled unrestricted, this run is restricted", warning);
        Run(script);
        Assert.False(File.Exists(marker), "the hostile image ran");

        // The rebuilt image replaced it and is the benign script's own: the next process loads it without a warning.
        CompiledScriptCache.ForgetLoaded();
        var (again, quiet) = Private(cache);
        LossScript.Load(benign, options: again);
        Assert.Equal(CacheOutcome.Disk, CompiledScriptCache.LastOutcome);
        Assert.Empty(quiet);
    }

    [Fact]
    public void ACorruptedImageIsRebuiltWithAWarning_NotAFailureOfEveryLaterLoad()
    {
        var cache = Directory.CreateTempSubdirectory("halos-cache-test-").FullName;
        var unique = 1 + Random.Shared.NextDouble();
        var path = TempScripts.Write(Script(unique));
        LossScript.Load(path, options: Private(cache).Options);
        var image = Path.Combine(cache, EngineFingerprint.Key(File.ReadAllText(path), false) + ".lossimg");
        // Flip bytes inside the assembly, as a bad disk sector would; the file keeps its length.
        var bytes = File.ReadAllBytes(image);
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0xA5;
        File.WriteAllBytes(image, bytes);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            CompiledScriptCache.ForgetLoaded();
            var (options, warnings) = Private(cache);
            var script = LossScript.Load(path, options: options);
            Assert.Equal(2 * unique, Run(script), 12);
            if (attempt == 0)
            {
                Assert.Equal(CacheOutcome.Compiled, CompiledScriptCache.LastOutcome);
                Assert.Contains($"{image}: the cached image of {path} is corrupt", Assert.Single(warnings));
            }
            else
            {
                Assert.Equal(CacheOutcome.Disk, CompiledScriptCache.LastOutcome);
                Assert.Empty(warnings);
            }
        }
    }

    [SkippableFact]
    public void TheCacheFolderIsCreatedPrivate_AndOneOthersCanWriteIsNotUsed()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix permissions");
        var parent = Directory.CreateTempSubdirectory("halos-cache-test-").FullName;
        var cache = Path.Combine(parent, "halos", "losses");
        var path = TempScripts.Write(Script(1 + Random.Shared.NextDouble()));
        LossScript.Load(path, options: Private(cache).Options);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cache));
        var image = Assert.Single(Directory.GetFiles(cache, "*.lossimg"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(image));

        var shared = Path.Combine(parent, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0x1FF); // 0777: anyone could plant an image here
        CompiledScriptCache.ForgetLoaded();
        var (options, warnings) = Private(shared);
        LossScript.Load(TempScripts.Write(Script(1 + Random.Shared.NextDouble())), options: options);
        Assert.Contains($"{shared}: the loss-script cache is writable by other users (mode 777); not using it", Assert.Single(warnings));
        Assert.Empty(Directory.GetFiles(shared));
    }
}
