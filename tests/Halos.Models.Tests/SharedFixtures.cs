namespace Halos.Models.Tests;

/// <summary>Locates ../shared beside the repository (the folder holding Halos.Plugins.sln).</summary>
internal static class SharedFixtures
{
    public static readonly string? HfTiny = Find("hf-tiny");

    /// <summary>The newer architectures (Gemma 2, Phi-3, DeBERTa-v3), saved by transformers v4.45.1.</summary>
    public static readonly string? HfTinyNext = Find("hf-tiny-next");

    public const string SkipReason = "needs ../shared/fixtures/hf-tiny (the transformers reference checkpoints) beside the repository";

    private static string? Find(string fixture)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) continue;
            var path = Path.Combine(dir.FullName, "..", "shared", "fixtures", fixture);
            return Directory.Exists(path) ? Path.GetFullPath(path) : null;
        }
        return null;
    }

    /// <summary>"gpt2" is hf-tiny/gpt2; "hf-tiny-next/deberta_v3_seqcls" is that folder of hf-tiny-next.</summary>
    public static string Resolve(string name) =>
        name.StartsWith("hf-tiny-next/", StringComparison.Ordinal) ? NextFolder(name["hf-tiny-next/".Length..]) : Folder(name);

    public static string Folder(string name)
    {
        Skip.If(HfTiny is null, SkipReason);
        return Path.Combine(HfTiny!, name);
    }

    /// <summary>A checkpoint of ../shared/fixtures/hf-tiny-next (newer architectures, transformers v4.45.1).</summary>
    public static string NextFolder(string name)
    {
        Skip.If(HfTinyNext is null, "needs ../shared/fixtures/hf-tiny-next (transformers v4.45.1 reference checkpoints) beside the repository");
        return Path.Combine(HfTinyNext!, name);
    }
}
