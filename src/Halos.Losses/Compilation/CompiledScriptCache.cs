using System.Collections.Concurrent;

namespace Halos.Losses.Compilation;

/// <summary>
/// Compiles each distinct script once. Images are kept on disk under the cache directory, keyed
/// by <see cref="EngineFingerprint"/>, and loaded scripts are kept per process, so a second load
/// of the same content in a process is a dictionary hit and in a new process a file read.
/// </summary>
internal static class CompiledScriptCache
{
    private static readonly ConcurrentDictionary<string, Lazy<LoadedScript>> Loaded = new();

    /// <summary>How the last <see cref="GetOrCompile"/> on this thread was served, for tests and benchmarks.</summary>
    [ThreadStatic] public static CacheOutcome LastOutcome;

    public static LoadedScript GetOrCompile(string text, string displayPath, bool unrestricted, string? cacheDirectory)
    {
        var key = EngineFingerprint.Key(text, unrestricted);
        var outcome = CacheOutcome.Memory;
        var lazy = Loaded.GetOrAdd(key, _ => new Lazy<LoadedScript>(() =>
        {
            var (image, fromDisk) = ReadOrCompile(key, text, displayPath, unrestricted, cacheDirectory);
            outcome = fromDisk ? CacheOutcome.Disk : CacheOutcome.Compiled;
            return LoadedScript.Load(image);
        }));
        try
        {
            var loaded = lazy.Value;
            LastOutcome = outcome;
            return loaded;
        }
        catch
        {
            // A script that failed to compile must be compiled (and fail) again next time, not cached as failed.
            Loaded.TryRemove(new KeyValuePair<string, Lazy<LoadedScript>>(key, lazy));
            throw;
        }
    }

    /// <summary>Forgets the scripts loaded in this process (their assemblies stay loaded); the disk cache stays.</summary>
    internal static void ForgetLoaded() => Loaded.Clear();

    private static (CompiledScriptImage Image, bool FromDisk) ReadOrCompile(string key, string text, string displayPath, bool unrestricted,
        string? cacheDirectory)
    {
        var file = cacheDirectory is null ? null : Path.Combine(cacheDirectory, key + ".lossimg");
        if (file is not null && File.Exists(file))
        {
            try
            {
                using var stream = File.OpenRead(file);
                if (CompiledScriptImage.TryRead(stream) is { } cached) return (cached, true);
            }
            catch (IOException)
            {
                // Unreadable cache entries are rebuilt below.
            }
        }

        var image = LossScriptCompiler.Compile(text, displayPath, unrestricted);
        if (file is not null) TryWrite(file, image);
        return (image, false);
    }

    private static void TryWrite(string file, CompiledScriptImage image)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            // Write then rename, so a concurrent reader never sees half an image.
            var temp = $"{file}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            using (var stream = File.Create(temp)) image.Write(stream);
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache is an optimisation: a read-only or full disk only costs a recompile next time.
        }
    }
}

internal enum CacheOutcome { Compiled, Disk, Memory }
