namespace Halos.Host.Tests.Fuzzing;

/// <summary>
/// One reader under fuzzing: a valid seed file, where the mutated copy is written, how it is read, and the exception
/// types that count as a located error (their message must also name the file).
/// </summary>
internal sealed record FuzzTarget(string Name, string FileName, byte[] Seed, Action<string> Read, Type[] Errors)
{
    /// <summary>Bytes of the mutated file are gzipped before writing (to reach the reader behind decompression).</summary>
    public bool GzipAfterMutation { get; init; }

    /// <summary>The folder under the case's root that the file goes in (profiles/ for a profile).</summary>
    public string SubFolder { get; init; } = "";
}
