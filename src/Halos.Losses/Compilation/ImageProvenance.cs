namespace Halos.Losses.Compilation;

/// <summary>
/// What an image was compiled from and how: the SHA-256 of the script's text, whether it was compiled
/// unrestricted, and the engine (<see cref="EngineFingerprint.Engine"/>). The cache loads an image only
/// when all three match the script at hand, so an image compiled unrestricted, or from another script,
/// never runs in its place, whatever name its file has.
/// </summary>
internal sealed record ImageProvenance(string SourceHash, bool Unrestricted, string Engine)
{
    public static ImageProvenance For(string scriptText, bool unrestricted) =>
        new(EngineFingerprint.SourceHash(scriptText), unrestricted, EngineFingerprint.Engine);

    /// <summary>How <paramref name="image"/> differs from this, in words; null when it matches.</summary>
    public string? Mismatch(ImageProvenance image)
    {
        var differences = new List<string>();
        if (image.SourceHash != SourceHash) differences.Add($"it was compiled from other source (SHA-256 {Short(image.SourceHash)}, the script's is {Short(SourceHash)})");
        if (image.Unrestricted != Unrestricted)
            differences.Add($"it was compiled {Mode(image.Unrestricted)}, this run is {Mode(Unrestricted)}");
        if (image.Engine != Engine) differences.Add("it was compiled by another engine build");
        return differences.Count == 0 ? null : string.Join("; ", differences);
    }

    private static string Mode(bool unrestricted) => unrestricted ? "unrestricted" : "restricted";

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
