using System.Text.Json;
using System.Text.Json.Nodes;

namespace Halos.Tokenizers.Tests;

/// <summary>Small tokenizer.json documents written in the tests, so expected ids can be worked out by hand.</summary>
internal static class TokenizerJsonBuilder
{
    public static JsonObject Document(JsonNode model, JsonNode? normalizer = null, JsonNode? preTokenizer = null,
        JsonNode? postProcessor = null, JsonNode? decoder = null, JsonArray? addedTokens = null) => new()
    {
        ["version"] = "1.0",
        ["truncation"] = null,
        ["padding"] = null,
        ["added_tokens"] = addedTokens ?? new JsonArray(),
        ["normalizer"] = normalizer,
        ["pre_tokenizer"] = preTokenizer,
        ["post_processor"] = postProcessor,
        ["decoder"] = decoder,
        ["model"] = model,
    };

    public static JsonObject Vocab(params string[] tokens)
    {
        var vocab = new JsonObject();
        for (var i = 0; i < tokens.Length; i++) vocab[tokens[i]] = i;
        return vocab;
    }

    public static JsonObject AddedToken(int id, string content, bool special = true, bool lstrip = false, bool rstrip = false,
        bool singleWord = false, bool normalized = false) => new()
    {
        ["id"] = id,
        ["content"] = content,
        ["single_word"] = singleWord,
        ["lstrip"] = lstrip,
        ["rstrip"] = rstrip,
        ["normalized"] = normalized,
        ["special"] = special,
    };

    public static JsonObject Type(string type, params (string Key, JsonNode? Value)[] fields)
    {
        var o = new JsonObject { ["type"] = type };
        foreach (var (key, value) in fields) o[key] = value;
        return o;
    }

    public static Tokenizer Build(JsonObject document) => Tokenizer.FromJson(document.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
}
