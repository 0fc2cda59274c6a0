using System.Security.Cryptography;
using System.Text;
using Halos.Abstractions.Losses;
using Halos.Torch;

namespace Halos.Losses.Compilation;

/// <summary>
/// The cache key of a script: its content, hashed with the identity of everything its compiled
/// IL binds to (the script API, the tensor API, the contracts, the runtime). Rebuilding any of
/// them changes their module version ids (deterministic builds: only when their content changes),
/// so a stale image is never loaded against a newer API.
/// </summary>
internal static class EngineFingerprint
{
    private const int FormatVersion = 2;

    /// <summary>The identity of the engine that compiles and runs images; each image records it.</summary>
    public static readonly string Engine = string.Join("|",
        $"format {FormatVersion}",
        typeof(Tensor).Assembly.ManifestModule.ModuleVersionId,
        typeof(LossResult).Assembly.ManifestModule.ModuleVersionId,
        typeof(EngineFingerprint).Assembly.ManifestModule.ModuleVersionId,
        Environment.Version);

    public static string Key(string scriptText, bool unrestricted) =>
        Hex($"{Engine}|unrestricted={unrestricted}\n{scriptText}");

    /// <summary>The SHA-256 of the script's text alone, which its image records.</summary>
    public static string SourceHash(string scriptText) => Hex(scriptText);

    private static string Hex(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
