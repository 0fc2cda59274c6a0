namespace Halos.Tokenizers.Tests;

/// <summary>The real tokenizers, loaded once per test run (loading Qwen's 11 MB file takes a while).</summary>
internal static class LoadedTokenizers
{
    private static readonly Lazy<Tokenizer> Llama3Lazy = new(() => Tokenizer.Load(RepoLayout.Llama3Folder));
    private static readonly Lazy<Tokenizer> Qwen3Lazy = new(() => Tokenizer.Load(RepoLayout.Qwen3Folder));
    private static readonly Lazy<Tokenizer> Gpt2Lazy = new(() => Tokenizer.FromGpt2Files(RepoLayout.Gpt2Encoder, RepoLayout.Gpt2Merges));

    public static Tokenizer Llama3 => Llama3Lazy.Value;
    public static Tokenizer Qwen3 => Qwen3Lazy.Value;
    public static Tokenizer Gpt2 => Gpt2Lazy.Value;

    public static Tokenizer ByName(string model) => model switch
    {
        "llama3" => Llama3,
        "qwen3" => Qwen3,
        "gpt2" => Gpt2,
        _ => throw new ArgumentException($"unknown test tokenizer '{model}'", nameof(model)),
    };
}
