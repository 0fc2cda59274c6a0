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
            throw Error($"expected an object, found {Describe(Element)}");
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
            throw child.Error($"expected a string, found {Describe(child.Element)}");
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
            _ => throw child.Error($"expected true or false, found {Describe(child.Element)}"),
        };
    }

    public bool? OptionalBool(string name) => Has(name) ? Bool(name, false) : null;

    /// <summary>The largest token id accepted: past any real vocabulary, and small enough that id-indexed tables stay affordable.</summary>
    public const int MaxTokenId = (1 << 24) - 1;

    /// <summary>An optional integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var child = Child(name);
        return child.IsNull ? fallback : child.IntValue(min, max);
    }

    /// <summary>A list that may be absent (no items).</summary>
    public IEnumerable<JsonSection> Items(string name)
    {
        var child = Child(name);
        return child.IsNull ? [] : child.ArrayItems();
    }

    /// <summary>A list that must be present: a component such as a Sequence means nothing without it.</summary>
    public IEnumerable<JsonSection> RequiredItems(string name)
    {
        var child = Child(name);
        if (child.IsNull) throw child.Error($"expected an array, found {Describe(child.Element)}");
        return child.ArrayItems();
    }

    private IEnumerable<JsonSection> ArrayItems()
    {
        if (Element.ValueKind != JsonValueKind.Array)
            throw Error($"expected an array, found {Describe(Element)}");
        var items = new List<JsonSection>();
        var i = 0;
        foreach (var item in Element.EnumerateArray())
            items.Add(new JsonSection(item, File, $"{Path}[{i++}]"));
        return items;
    }

    /// <summary>The entries of an object, each as a section at its own path.</summary>
    public IEnumerable<(string Name, JsonSection Value)> Entries()
    {
        if (Element.ValueKind != JsonValueKind.Object)
            throw Error($"expected an object, found {Describe(Element)}");
        var entries = new List<(string, JsonSection)>();
        foreach (var entry in Element.EnumerateObject())
            entries.Add((entry.Name, new JsonSection(entry.Value, File, $"{Path}.{entry.Name}")));
        return entries;
    }

    /// <summary>A JSON kind with the value for scalars, for messages: <c>number -1</c>, <c>string "x"</c>, <c>null</c>.</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Undefined => "nothing (the key is missing)",
        JsonValueKind.Null => "null",
        JsonValueKind.String => $"string {Shorten(element.GetRawText())}",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => $"{element.ValueKind.ToString().ToLowerInvariant()} {Shorten(element.GetRawText())}",
        JsonValueKind.Array => $"an array of {element.GetArrayLength()}",
        _ => "an object",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    public string StringValue()
    {
        if (Element.ValueKind != JsonValueKind.String)
            throw Error($"expected a string, found {Describe(Element)}");
        return Element.GetString()!;
    }

    public int IntValue(int min = int.MinValue, int max = int.MaxValue)
    {
        if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetInt32(out var value))
            throw Error($"expected an integer, found {Describe(Element)}");
        if (value < min || value > max)
            throw Error(max == int.MaxValue ? $"expected an integer of at least {min}, found {value}" : $"expected an integer from {min} to {max}, found {value}");
        return value;
    }

    /// <summary>A token id: an integer from 0 to <see cref="MaxTokenId"/>.</summary>
    public int TokenIdValue() => IntValue(0, MaxTokenId);

    public TokenizerFormatException Unsupported(string kind, string type) =>
        Error($"unsupported {kind} type '{type}' (this engine implements: {SupportedTypes.For(kind)})");
}
