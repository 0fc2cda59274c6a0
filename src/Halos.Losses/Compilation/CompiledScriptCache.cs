using System.Collections.Concurrent;

namespace Halos.Losses.Compilation;

/// <summary>
/// Compiles each distinct script once. Images are kept on disk under the cache directory, keyed
/// by <see cref="EngineFingerprint"/>, and loaded scripts are kept per process, so a second load
/// of the same content in a process is a dictionary hit and in a new process a file read.
/// <para>
/// The file name is only a lookup: an image is loaded only when its recorded <see cref="ImageProvenance"/>
/// (source hash, restriction mode, engine) matches the script at hand, its checksum holds, and the runtime
/// accepts its assembly. Anything else is rebuilt, with a warning, and the file replaced. The directory is
/// created private (0700), and one that others may write to is not used at all.
/// </para>
/// </summary>
internal static class CompiledScriptCache
{
    private static readonly ConcurrentDictionary<string, Lazy<LoadedScript>> Loaded = new();

    /// <summary>How the last <see cref="GetOrCompile"/> on this thread was served, for tests and benchmarks.</summary>
    [ThreadStatic] public static CacheOutcome LastOutcome;

    public static LoadedScript GetOrCompile(string text, string displayPath, bool unrestricted, string? cacheDirectory, Action<string> warn)
    {
        var key = EngineFingerprint.Key(text, unrestricted);
        var outcome = CacheOutcome.Memory;
        var lazy = Loaded.GetOrAdd(key, _ => new Lazy<LoadedScript>(() =>
        {
            var (loaded, fromDisk) = LoadOrCompile(key, text, displayPath, unrestricted, PrivateDirectory(cacheDirectory, warn), warn);
            outcome = fromDisk ? CacheOutcome.Disk : CacheOutcome.Compiled;
            return loaded;
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

    private static (LoadedScript Loaded, bool FromDisk) LoadOrCompile(string key, string text, string displayPath, bool unrestricted,
        string? cacheDirectory, Action<string> warn)
    {
        var file = cacheDirectory is null ? null : Path.Combine(cacheDirectory, key + ".lossimg");
        if (file is not null && File.Exists(file) && TryLoadCached(file, ImageProvenance.For(text, unrestricted), displayPath, warn) is { } cached)
            return (cached, true);

        var image = LossScriptCompiler.Compile(text, displayPath, unrestricted);
        if (file is not null) TryWrite(file, image);
        return (LoadedScript.Load(image), false);
    }

    /// <summary>The cached image of <paramref name="file"/> when it is sound and is this script's; otherwise null, with a warning.</summary>
    private static LoadedScript? TryLoadCached(string file, ImageProvenance expected, string displayPath, Action<string> warn)
    {
        CompiledScriptImage? image;
        try
        {
            using var stream = File.OpenRead(file);
            image = CompiledScriptImage.TryRead(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warn($"{file}: the cached image of {displayPath} cannot be read ({e.Message}); rebuilding it");
            return null;
        }
        if (image is null)
        {
            warn($"{file}: the cached image of {displayPath} is corrupt or of another format; rebuilding it");
            return null;
        }
        if (expected.Mismatch(image.Provenance) is { } mismatch)
        {
            warn($"{file}: the cached image does not belong to {displayPath}: {mismatch}; rebuilding it");
            return null;
        }
        try
        {
            return LoadedScript.Load(image);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or TypeLoadException or MissingMethodException or InvalidOperationException)
        {
            warn($"{file}: the cached image of {displayPath} does not load ({e.GetType().Name}: {e.Message}); rebuilding it");
            return null;
        }
    }

    /// <summary>
    /// The cache directory, created private (0700) if missing; null, with a warning, when it cannot be created or
    /// others may write to it, since then anyone could plant an image in it.
    /// </summary>
    private static string? PrivateDirectory(string? directory, Action<string> warn)
    {
        if (directory is null) return null;
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
                return directory;
            }
            if (!Directory.Exists(directory))
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var mode = File.GetUnixFileMode(directory);
            if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                warn($"{directory}: the loss-script cache is writable by other users (mode {Convert.ToString((int)mode, 8)}); " +
                     "not using it (make it private with chmod 700, or set Loss:CacheDirectory)");
                return null;
            }
            return directory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warn($"{directory}: the loss-script cache cannot be created ({e.Message}); compiling without it");
            return null;
        }
    }

    private static void TryWrite(string file, CompiledScriptImage image)
    {
        try
        {
            // Write then rename, so a concurrent reader never sees half an image; only the owner may read or replace it.
            var temp = $"{file}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temp, create)) image.Write(stream);
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache is an optimisation: a read-only or full disk only costs a recompile next time.
        }
    }
}

internal enum CacheOutcome { Compiled, Disk, Memory }
