using System.Text.Json;
using Halos.Tokenizers.Json;

namespace Halos.Tokenizers;

/// <summary>
/// The parts of tokenizer_config.json the engine uses: the names of the special tokens and
/// whether decoding cleans up tokenization spaces. Token values may be plain strings or
/// AddedToken objects ({"content": ...}); both are accepted.
/// </summary>
public sealed record TokenizerConfig
{
    public string? BosToken { get; init; }
    public string? EosToken { get; init; }
    public string? PadToken { get; init; }
    public string? UnkToken { get; init; }
    public bool? AddBosToken { get; init; }
    public bool? AddEosToken { get; init; }
    public bool? CleanUpTokenizationSpaces { get; init; }
    public IReadOnlyList<string> AdditionalSpecialTokens { get; init; } = [];

    /// <summary>The chat template when it is a single string (models with named templates leave it null).</summary>
    public string? ChatTemplate { get; init; }

    public static TokenizerConfig Empty { get; } = new();

    public static TokenizerConfig FromFile(string path) => Parse(TokenizerJsonText.ReadFile(path), path);

    public static TokenizerConfig Parse(string json, string source = "tokenizer_config.json")
    {
        using var doc = TokenizerJsonText.Parse(json, source);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new TokenizerFormatException($"{source}: expected a JSON object at the top level");
        return new TokenizerConfig
        {
            BosToken = TokenName(root, "bos_token", source),
            EosToken = TokenName(root, "eos_token", source),
            PadToken = TokenName(root, "pad_token", source),
            UnkToken = TokenName(root, "unk_token", source),
            AddBosToken = OptionalBool(root, "add_bos_token", source),
            AddEosToken = OptionalBool(root, "add_eos_token", source),
            CleanUpTokenizationSpaces = OptionalBool(root, "clean_up_tokenization_spaces", source),
            AdditionalSpecialTokens = AdditionalTokens(root, source),
            ChatTemplate = root.TryGetProperty("chat_template", out var template) && template.ValueKind == JsonValueKind.String ? template.GetString() : null,
        };
    }

    // A flag of another type would be read as "unset" and change which tokens are added, so it is refused.
    private static bool? OptionalBool(JsonElement root, string name, string source) =>
        !root.TryGetProperty(name, out var v) ? null : v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw new TokenizerFormatException($"{source}: {name}: expected true, false or null, found {JsonSection.Describe(v)}"),
        };

    private static string[] AdditionalTokens(JsonElement root, string source)
    {
        if (!root.TryGetProperty("additional_special_tokens", out var extra) || extra.ValueKind == JsonValueKind.Null) return [];
        if (extra.ValueKind != JsonValueKind.Array)
            throw new TokenizerFormatException($"{source}: additional_special_tokens: expected a list of tokens, found {JsonSection.Describe(extra)}");
        return extra.EnumerateArray().Select((e, i) => TokenNameOf(e, $"additional_special_tokens[{i}]", source)).OfType<string>().ToArray();
    }

    private static string? TokenName(JsonElement root, string name, string source) =>
        root.TryGetProperty(name, out var v) ? TokenNameOf(v, name, source) : null;

    private static string? TokenNameOf(JsonElement v, string path, string source) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Null => null,
        JsonValueKind.Object when v.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
        _ => throw new TokenizerFormatException($"{source}: {path}: expected a token string or an object with \"content\", found {v.ValueKind}"),
    };
}
