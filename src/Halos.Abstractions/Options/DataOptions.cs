using Microsoft.Extensions.Configuration;

namespace Halos.Abstractions.Options;

/// <summary>The <c>Data</c> section: which loader plugin reads which sources.</summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>The loader plugin's registration name.</summary>
    public string? Loader { get; set; }

    /// <summary>The training source (a file, a folder, or whatever the loader understands).</summary>
    public string? Train { get; set; }

    /// <summary>The held-out source for evaluation.</summary>
    public string? Eval { get; set; }

    /// <summary>Stops reading each source after this many examples; 0 reads all.</summary>
    [System.ComponentModel.DataAnnotations.Range(0L, long.MaxValue)]
    public long Limit { get; set; }

    /// <summary>The loader's own settings (<c>Data:Options:*</c>), passed through unvalidated; the loader checks them.</summary>
    public IConfiguration? Options { get; set; }
}
