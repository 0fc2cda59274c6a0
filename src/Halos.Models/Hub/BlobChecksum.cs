using System.Security.Cryptography;
using System.Text;

namespace Halos.Models.Hub;

/// <summary>What the Hub's ETag promises about a file's bytes. For LFS files (X-Linked-Etag) it
/// is the sha256 of the contents; for small files kept in git it is the git blob id,
/// sha1("blob {size}\0" + contents). Anything else (a CDN's own ETag) cannot be verified.</summary>
public static class BlobChecksum
{
    public enum Kind { Unverifiable, Sha256, GitBlobSha1 }

    /// <summary>Strips the weak marker and quotes: <c>W/"abc"</c> → <c>abc</c>.</summary>
    public static string NormalizeEtag(string raw)
    {
        var etag = raw.Trim();
        if (etag.StartsWith("W/", StringComparison.Ordinal)) etag = etag[2..];
        return etag.Trim('"');
    }

    public static Kind KindOf(string etag) => IsLowerHex(etag) ? etag.Length switch
    {
        64 => Kind.Sha256,
        40 => Kind.GitBlobSha1,
        _ => Kind.Unverifiable,
    } : Kind.Unverifiable;

    /// <summary>The checksum of <paramref name="path"/> in the form the ETag uses, or null when the
    /// ETag's form is not one we can compute.</summary>
    public static string? Compute(string path, string etag)
    {
        var kind = KindOf(etag);
        if (kind == Kind.Unverifiable) return null;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var hash = IncrementalHash.CreateHash(kind == Kind.Sha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1);
        if (kind == Kind.GitBlobSha1) hash.AppendData(Encoding.ASCII.GetBytes($"blob {stream.Length}\0"));
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static bool IsLowerHex(string s) => s.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
