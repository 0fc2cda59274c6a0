using System.Text.Json;

namespace Halos.Tokenizers.Json;

/// <summary>
/// A JSON object inside a tokenizer file, remembered together with its file name and JSON path
/// so every error raised while reading it can say exactly where the problem is.
/// </summary>
internal readonly struct JsonSection
{
    public JsonSection(JsonElement element, string file, string path)
    {
        Element = element;
        File = file;
        Path = path;
    }

    public JsonElement Element { get; }
    public string File { get; }
    public string Path { get; }

    public TokenizerFormatException Error(string message) => new($"{File}: {Path}: {message}");

    public bool IsNull => Element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    public bool Has(string name) =>
        Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonSection Child(string name)
    {
        if (Element.ValueKind != JsonValueKind.Object)
            throw Error($"expected an object, found {Element.ValueKind}");
        Element.TryGetProperty(name, out var v);
        return new JsonSection(v, File, $"{Path}.{name}");
    }

    public JsonSection RequiredChild(string name)
    {
        var child = Child(name);
        if (child.IsNull) throw Error($"missing required key '{name}'");
        return child;
    }

    /// <summary>The component's "type" discriminator, which every HF component object carries.</summary>
    public string TypeName() => RequiredString("type");

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw Error($"missing required string '{name}'");

    public string? OptionalString(string name)
    {
        var child = Child(name);
        if (child.IsNull) return null;
        if (child.Element.ValueKind != JsonValueKind.String)
            throw child.Error($"expected a string, found {child.Element.ValueKind}");
        return child.Element.GetString();
    }

    public bool Bool(string name, bool fallback)
    {
        var child = Child(name);
        if (child.IsNull) return fallback;
        return child.Element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw child.Error($"expected true or false, found {child.Element.ValueKind}"),
        };
    }

    public bool? OptionalBool(string name) => Has(name) ? Bool(name, false) : null;

    public int Int(string name, int fallback)
    {
        var child = Child(name);
        if (child.IsNull) return fallback;
        if (child.Element.ValueKind != JsonValueKind.Number || !child.Element.TryGetInt32(out var value))
            throw child.Error($"expected an integer, found {child.Element.ValueKind}");
        return value;
    }

    public IEnumerable<JsonSection> Items(string name)
    {
        var child = Child(name);
        if (child.IsNull) yield break;
        if (child.Element.ValueKind != JsonValueKind.Array)
            throw child.Error($"expected an array, found {child.Element.ValueKind}");
        var i = 0;
        foreach (var item in child.Element.EnumerateArray())
            yield return new JsonSection(item, File, $"{child.Path}[{i++}]");
    }

    public string StringValue()
    {
        if (Element.ValueKind != JsonValueKind.String)
            throw Error($"expected a string, found {Element.ValueKind}");
        return Element.GetString()!;
    }

    public int IntValue()
    {
        if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetInt32(out var value))
            throw Error($"expected an integer, found {Element.ValueKind}");
        return value;
    }

    public TokenizerFormatException Unsupported(string kind, string type) =>
        Error($"unsupported {kind} type '{type}' (this engine implements: {SupportedTypes.For(kind)})");
}
