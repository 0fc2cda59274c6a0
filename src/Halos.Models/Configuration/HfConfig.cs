using System.Text;
using System.Text.Json;
using Halos.Tokenizers.Text;
using System.Text.Json.Nodes;

namespace Halos.Models.Configuration;

/// <summary>
/// A Hugging Face <c>config.json</c>, read with typed accessors whose errors name the file and
/// the key. The original JSON object is kept so that saving writes back every key, including
/// those no architecture here reads.
/// </summary>
public sealed class HfConfig
{
    public HfConfig(JsonObject json, string source)
    {
        Json = json;
        Source = source;
    }

    /// <summary>The raw object; saving serialises this.</summary>
    public JsonObject Json { get; }

    /// <summary>Where it came from (a path, or a description for configs built in code).</summary>
    public string Source { get; }

    /// <summary>The largest size a config may give a dimension: past any real model, and small enough to refuse before allocating.</summary>
    public const long MaxDimension = 1 << 24;

    /// <summary>
    /// Reads config.json strictly: text that is not UTF-8 (or escapes a lone surrogate) is refused with its byte offset,
    /// a key written twice with its name, invalid JSON with its line.
    /// </summary>
    public static HfConfig Load(string path)
    {
        if (!File.Exists(path)) throw new ModelConfigException(path, null, "the file does not exist");
        return Parse(StrictUtf8.ReadFile(path, json: true, problem => new ModelConfigException(path, null, problem)), path);
    }

    public static HfConfig Parse(string json, string source = "config.json")
    {
        if (StrictUtf8.FindJsonProblem(Encoding.UTF8.GetBytes(json)) is { } problem) throw new ModelConfigException(source, null, problem);
        JsonNode? node;
        try
        {
            if (DuplicateKeys.Find(Encoding.UTF8.GetBytes(json)) is { } duplicate)
                throw new ModelConfigException(source, duplicate, "the key is written twice; keep one (readers disagree on which wins)");
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ModelConfigException(source, null, $"it is not valid JSON (line {e.LineNumber + 1}: {e.Message})");
        }
        return node is JsonObject obj ? new HfConfig(obj, source) : throw new ModelConfigException(source, null, "expected a JSON object at the top level");
    }

    public bool Has(string key) => Json.TryGetPropertyValue(key, out var v) && v is not null;

    public string ModelType => String("model_type");

    public string? FirstArchitecture =>
        Json["architectures"] is JsonArray { Count: > 0 } a && a[0] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public string String(string key) => OptionalString(key) ?? throw Missing(key, "a string");

    public string? OptionalString(string key)
    {
        if (!Json.TryGetPropertyValue(key, out var node) || node is null) return null;
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Wrong(key, "a string", node);
    }

    public long Long(string key) => OptionalLong(key) ?? throw Missing(key, "an integer");

    public long Long(string key, long fallback) => OptionalLong(key) ?? fallback;

    public long? OptionalLong(string key)
    {
        if (!Json.TryGetPropertyValue(key, out var node) || node is null) return null;
        if (node is JsonValue v)
        {
            if (v.TryGetValue<long>(out var l)) return l;
            if (v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 1e15) return (long)d;
        }
        throw Wrong(key, "an integer", node);
    }

    /// <summary>A size (a count of tokens, units, layers or heads): an integer from 1 to <paramref name="max"/>.</summary>
    public long Size(string key) => OptionalSize(key) ?? throw Missing(key, $"an integer from 1 to {MaxDimension}");

    /// <summary>A size with the config class's default when the key is absent. Its own name, not an overload of
    /// <see cref="Size(string)"/>: <c>Size(key, 2)</c> once read as a maximum of 2 where a default of 2 was meant.</summary>
    public long SizeOr(string key, long fallback) => OptionalSize(key) ?? fallback;

    public long? OptionalSize(string key, long max = MaxDimension)
    {
        var value = OptionalLong(key);
        if (value is { } v && (v < 1 || v > max))
            throw Invalid(key, $"expected an integer from 1 to {max}, got {v}");
        return value;
    }

    public double Double(string key, double fallback) => OptionalDouble(key) ?? fallback;

    public double? OptionalDouble(string key)
    {
        if (!Json.TryGetPropertyValue(key, out var node) || node is null) return null;
        return node is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : throw Wrong(key, "a finite number", node);
    }

    public bool Bool(string key, bool fallback)
    {
        if (!Json.TryGetPropertyValue(key, out var node) || node is null) return fallback;
        return node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw Wrong(key, "true or false", node);
    }

    /// <summary>A token id that may be an integer or a list of integers (Llama 3's eos_token_id).</summary>
    public long[] TokenIds(string key)
    {
        if (!Json.TryGetPropertyValue(key, out var node) || node is null) return [];
        if (node is JsonArray a)
            return a.Select((n, i) => n is JsonValue v && v.TryGetValue<long>(out var id) ? id : throw Wrong($"{key}[{i}]", "an integer", n)).ToArray();
        return [Long(key)];
    }

    /// <summary>A nested object such as <c>rope_scaling</c>, as its own config for typed reads.</summary>
    public HfConfig? OptionalObject(string key)
    {
        if (!Json.TryGetPropertyValue(key, out var node) || node is null) return null;
        return node is JsonObject o ? new HfConfig(o, $"{Source} (key '{key}')") : throw Wrong(key, "an object", node);
    }

    /// <summary>num_labels, or the size of id2label as transformers infers it; 2 when neither is given.</summary>
    public long NumLabels =>
        OptionalSize("num_labels", 1 << 20) ?? (Json["id2label"] is JsonObject labels ? Math.Max(labels.Count, 1) : 2);

    public ModelConfigException Missing(string key, string expected) =>
        new(Source, key, $"the key is missing; expected {expected}");

    public ModelConfigException Wrong(string key, string expected, JsonNode? got) =>
        new(Source, key, $"expected {expected}, got {got?.ToJsonString() ?? "null"}");

    public ModelConfigException Invalid(string key, string problem) => new(Source, key, problem);

    public HfConfig Clone() => new((JsonObject)Json.DeepClone(), Source);

    public string ToJsonString() => Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
