using System.Text.Json.Nodes;
using Halos.Tokenizers;

namespace Halos.Trainers.Tests.Support;

/// <summary>
/// ../shared/fixtures/hf-tiny beside the repository: tiny checkpoints saved by transformers, with its own greedy
/// continuations (generation.json). Tests that use them skip, saying so, when the folder is absent.
/// </summary>
public static class HfTinyFixtures
{
    public const string SkipReason = "needs ../shared/fixtures/hf-tiny (the transformers reference checkpoints) beside the repository";

    public static readonly string[] CausalNames = ["gpt2", "llama", "neox", "qwen2"];

    public static string? Root { get; } = Find();

    private static string? Find()
    {
        var path = Path.GetFullPath(Path.Combine(TrainerRun.RepoRoot, "..", "shared", "fixtures", "hf-tiny"));
        return Directory.Exists(path) ? path : null;
    }

    /// <summary>
    /// A copy of fixture <paramref name="name"/> in <paramref name="destination"/> with a tokenizer for its whole
    /// vocabulary (the fixtures ship none): the byte-level tokenizer's 256 bytes, then two-byte tokens up to the
    /// model's vocab_size, so every id decodes. No eos_token: generation_config.json's eos_token_id (2) stops decoding.
    /// </summary>
    public static string CopyWithTokenizer(string name, string destination)
    {
        Skip.If(Root is null, SkipReason);
        Directory.CreateDirectory(destination);
        foreach (var file in new[] { "config.json", "model.safetensors", "generation_config.json" })
            File.Copy(Path.Combine(Root!, name, file), Path.Combine(destination, file), overwrite: true);
        var vocabSize = (int)JsonNode.Parse(File.ReadAllText(Path.Combine(destination, "config.json")))!["vocab_size"]!;
        var tokenizer = JsonNode.Parse(ByteLevelTokenizer.TokenizerJson())!;
        tokenizer["added_tokens"] = new JsonArray();
        // The byte-level alphabet: byte b is the vocabulary entry whose id is b.
        var bytes = tokenizer["model"]!["vocab"]!.AsObject().Where(e => (int)e.Value! < 256).OrderBy(e => (int)e.Value!).Select(e => e.Key).ToArray();
        string Char(int b) => bytes[b];
        var vocab = new JsonObject();
        for (var id = 0; id < vocabSize; id++)
            vocab[id < 256 ? Char(id) : Char(id / 256 + 64) + Char(id % 256)] = id;
        tokenizer["model"]!["vocab"] = vocab;
        File.WriteAllText(Path.Combine(destination, "tokenizer.json"), tokenizer.ToJsonString());
        File.WriteAllText(Path.Combine(destination, "tokenizer_config.json"), new JsonObject
        {
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
            ["chat_template"] = CharTokenizerFiles.ChatTemplate,
        }.ToJsonString());
        return destination;
    }

    /// <summary>generation.json: the prompts, transformers' greedy continuations, and max_new_tokens.</summary>
    public static (int[][] Prompts, int[][] Greedy, int MaxNewTokens) Generation(string name)
    {
        Skip.If(Root is null, SkipReason);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Root!, name, "generation.json")))!;
        static int[][] Lists(JsonNode node) => node.AsArray().Select(p => p!.AsArray().Select(t => (int)t!).ToArray()).ToArray();
        return (Lists(json["prompts"]!), Lists(json["greedy"]!), (int)json["max_new_tokens"]!);
    }
}
