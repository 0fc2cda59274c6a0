using System.Text.Json;

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

    public static TokenizerConfig FromFile(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException($"{path}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }

    public static TokenizerConfig Parse(string json, string source = "tokenizer_config.json")
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new TokenizerFormatException($"{source}: expected a JSON object at the top level");
        return new TokenizerConfig
        {
            BosToken = TokenName(root, "bos_token", source),
            EosToken = TokenName(root, "eos_token", source),
            PadToken = TokenName(root, "pad_token", source),
            UnkToken = TokenName(root, "unk_token", source),
            AddBosToken = OptionalBool(root, "add_bos_token"),
            AddEosToken = OptionalBool(root, "add_eos_token"),
            CleanUpTokenizationSpaces = OptionalBool(root, "clean_up_tokenization_spaces"),
            AdditionalSpecialTokens = root.TryGetProperty("additional_special_tokens", out var extra) && extra.ValueKind == JsonValueKind.Array
                ? extra.EnumerateArray().Select((e, i) => TokenNameOf(e, $"additional_special_tokens[{i}]", source)).OfType<string>().ToArray()
                : [],
            ChatTemplate = root.TryGetProperty("chat_template", out var template) && template.ValueKind == JsonValueKind.String ? template.GetString() : null,
        };
    }

    private static bool? OptionalBool(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

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
