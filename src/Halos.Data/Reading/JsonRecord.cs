using System.Text.Json;
using Halos.Abstractions.Data;

namespace Halos.Data.Reading;

/// <summary>
/// One JSON object from a data file, located by file and line, with field readers whose errors name the
/// file, line and field and say what was expected.
/// </summary>
public sealed class JsonRecord(string input, long line, JsonElement root)
{
    public string Input { get; } = input;

    public long Line { get; } = line;

    public JsonElement Root { get; } = root;

    /// <summary>The example id for rows of this record: <c>train.jsonl:17</c>.</summary>
    public string Id => $"{Path.GetFileName(Input)}:{Line}";

    public DataFormatException Error(string field, string problem) => new(Input, Line, $"field '{field}': {problem}");

    public DataFormatException Error(string problem) => new(Input, Line, problem);

    public bool Has(string field) =>
        Root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement Required(string field) =>
        Root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw Error(field, $"missing; this row has {FieldList()}");

    public string RequiredString(string field)
    {
        var value = Required(field);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Error(field, $"expected a string, got {Describe(value)}");
    }

    public double? OptionalNumber(string field)
    {
        if (!Has(field)) return null;
        var value = Root.GetProperty(field);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw Error(field, $"expected a finite number, got {Describe(value)}");
    }

    /// <summary>A label: true/false, or 1/0 as HALOs writes it.</summary>
    public bool RequiredBool(string field)
    {
        var value = Required(field);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetInt32(out var n) && n is 0 or 1 => n == 1,
            _ => throw Error(field, $"expected true/false (or 1/0), got {Describe(value)}"),
        };
    }

    public int[] RequiredIds(string field)
    {
        var value = Required(field);
        if (value.ValueKind != JsonValueKind.Array) throw Error(field, $"expected a list of token ids, got {Describe(value)}");
        var ids = new int[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var id) || id < 0)
                throw Error(field, $"item {i}: expected a non-negative integer token id, got {Describe(item)}");
            ids[i++] = id;
        }
        return ids;
    }

    /// <summary>A short description of a JSON value for messages: its kind and, for scalars, the value.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(value.GetString()!)}\"",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => $"{value.ValueKind.ToString().ToLowerInvariant()} {value.GetRawText()}",
        JsonValueKind.Array => $"a list of {value.GetArrayLength()}",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";

    private string FieldList()
    {
        if (Root.ValueKind != JsonValueKind.Object) return "no fields";
        var names = Root.EnumerateObject().Select(p => p.Name).ToList();
        return names.Count == 0 ? "no fields" : "fields " + string.Join(", ", names);
    }
}
