using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Halos.Templates.Values;

/// <summary>
/// Converts .NET and JSON values into the interpreter's value model: <c>null</c> (None),
/// <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>, <see cref="string"/>,
/// <c>List&lt;object?&gt;</c> and <c>OrderedDictionary&lt;string, object?&gt;</c>.
/// </summary>
public static class TemplateValue
{
    public static object? From(object? value) => value switch
    {
        null => null,
        Undefined or bool or long or double or string => value,
        Namespace or ICallable or IAttributeSource => value,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        uint u => (long)u,
        float f => (double)f,
        decimal m => (double)m,
        char c => c.ToString(),
        JsonElement element => FromJson(element),
        JsonNode node => FromJson(JsonSerializer.SerializeToElement(node)),
        OrderedDictionary<string, object?> dict => CopyDictionary(dict),
        IDictionary dictionary => FromDictionary(dictionary),
        IEnumerable<KeyValuePair<string, object?>> pairs => FromPairs(pairs),
        IEnumerable sequence => sequence.Cast<object?>().Select(From).ToList(),
        _ => throw new ArgumentException($"cannot pass a {value.GetType().Name} to a template; use primitives, lists, dictionaries or JSON", nameof(value)),
    };

    /// <summary>Parses JSON text into template values (objects keep key order).</summary>
    public static object? FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => FromJsonNumber(element),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => FromJsonObject(element),
        _ => throw new ArgumentException($"unsupported JSON value kind {element.ValueKind}", nameof(element)),
    };

    /// <summary>JSON integers stay ints (print as <c>1</c>); anything with a fraction or exponent is a float.</summary>
    static object FromJsonNumber(JsonElement element)
    {
        string raw = element.GetRawText();
        bool integral = raw.IndexOfAny(['.', 'e', 'E']) < 0;
        return integral && element.TryGetInt64(out var l) ? (object)l : element.GetDouble();
    }

    static OrderedDictionary<string, object?> FromJsonObject(JsonElement element)
    {
        var dict = new OrderedDictionary<string, object?>();
        foreach (var property in element.EnumerateObject()) dict[property.Name] = FromJson(property.Value);
        return dict;
    }

    static OrderedDictionary<string, object?> CopyDictionary(OrderedDictionary<string, object?> source)
    {
        var dict = new OrderedDictionary<string, object?>();
        foreach (var (key, item) in source) dict[key] = From(item);
        return dict;
    }

    static OrderedDictionary<string, object?> FromDictionary(IDictionary source)
    {
        var dict = new OrderedDictionary<string, object?>();
        foreach (DictionaryEntry entry in source) dict[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!] = From(entry.Value);
        return dict;
    }

    static OrderedDictionary<string, object?> FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var dict = new OrderedDictionary<string, object?>();
        foreach (var (key, item) in pairs) dict[key] = From(item);
        return dict;
    }
}
