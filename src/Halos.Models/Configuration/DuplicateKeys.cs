using System.Text.Json;

namespace Halos.Models.Configuration;

/// <summary>
/// Finds a key written twice in one JSON object. JsonNode throws an unlocated "An item with the same key has already
/// been added" for it, and Python's json keeps the last value silently, so which size a model gets would depend on the
/// reader: a config.json with a duplicated key is refused, naming the key.
/// </summary>
internal static class DuplicateKeys
{
    private sealed class Container(string path, bool isObject)
    {
        public string Path { get; } = path;
        public bool IsObject { get; } = isObject;
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
        public string? Key { get; set; }
        public int Index { get; set; }

        public string Child(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

        /// <summary>The path of the value that starts now, inside this container.</summary>
        public string NextValuePath() => IsObject ? Child(Key!) : $"{Path}[{Index++}]";
    }

    /// <summary>The JSON path of the first duplicated key (<c>rope_scaling.factor</c>), or null when there is none.</summary>
    public static string? Find(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        var open = new Stack<Container>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var path = open.Count == 0 ? "" : open.Peek().NextValuePath();
                        open.Push(new Container(path, reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var key = reader.GetString()!;
                        var container = open.Peek();
                        if (!container.Keys.Add(key)) return container.Child(key);
                        container.Key = key;
                        break;
                    default:
                        if (open.Count > 0) open.Peek().NextValuePath();
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Grammar errors and bad escapes are reported by the parser and the text check, with their position.
        }
        return null;
    }
}
