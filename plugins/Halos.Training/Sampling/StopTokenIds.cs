using System.Text.Json;
using Halos.Abstractions.Models;

namespace Halos.Training.Sampling;

/// <summary>
/// The ids that end a completion: the tokenizer's end-of-sequence token and, as transformers' <c>generate</c> uses,
/// the <c>eos_token_id</c> of the checkpoint's <c>generation_config.json</c> (a number or a list: chat models list
/// their end-of-turn token there).
/// </summary>
public static class StopTokenIds
{
    public const string GenerationConfigFile = "generation_config.json";

    public static IReadOnlyCollection<long> Of(ITokenizer tokenizer, string? checkpoint)
    {
        var ids = new SortedSet<long>();
        if (tokenizer.EosTokenId is { } eos) ids.Add(eos);
        if (checkpoint is null) return ids;
        var path = Path.Combine(checkpoint, GenerationConfigFile);
        if (!File.Exists(path)) return ids;
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ModelSpecException($"{path}: not valid JSON: {e.Message}");
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("eos_token_id", out var value) || value.ValueKind == JsonValueKind.Null) return ids;
        var values = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        foreach (var v in values)
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var id) || id < 0)
                throw new ModelSpecException($"{path}: eos_token_id holds {v.GetRawText()}; expected a token id or a list of them");
            ids.Add(id);
        }
        return ids;
    }
}
