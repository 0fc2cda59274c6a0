using System.Text.Json;

namespace Halos.Torch.SafeTensors;

/// <summary>
/// Parses and checks the JSON header of a safetensors file: every entry well-formed, sizes
/// consistent with shapes, and the data ranges inside the data buffer without overlap.
/// </summary>
internal static class SafeTensorsHeaderReader
{
    private const string MetadataKey = "__metadata__";

    internal sealed record Header(IReadOnlyList<SafeTensorInfo> Tensors, IReadOnlyDictionary<string, string> Metadata);

    /// <param name="json">The header bytes (trailing space padding allowed).</param>
    /// <param name="dataLength">Bytes in the file after the header.</param>
    /// <param name="path">The file, for messages.</param>
    public static Header Parse(ReadOnlySpan<byte> json, long dataLength, string path)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
            throw new SafeTensorsFormatException(path, "the header is not valid UTF-8");

        JsonDocument document;
        try
        {
            // JsonDocument copies what it needs, so it may outlive the mapped header bytes.
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException(path, $"the header is not valid JSON ({e.Message})", inner: e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new SafeTensorsFormatException(path, $"the header must be a JSON object, found {Describe(root)}");

            var tensors = new List<SafeTensorInfo>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw new SafeTensorsFormatException(path, "the name appears twice in the header", property.Name);
                if (property.Name == MetadataKey)
                    ReadMetadata(property.Value, metadata, path);
                else
                    tensors.Add(ReadEntry(property.Name, property.Value, path));
            }

            SafeTensorsDataRanges.Check(tensors, dataLength, path);
            return new Header(tensors, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        // The reference declares __metadata__ as an optional map, so an explicit null means "none".
        if (value.ValueKind == JsonValueKind.Null) return;
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsFormatException(path, $"__metadata__ must be an object of string values, found {Describe(value)}");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new SafeTensorsFormatException(path, $"__metadata__ key '{item.Name}' must have a string value, found {Describe(item.Value)}");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw new SafeTensorsFormatException(path, $"__metadata__ key '{item.Name}' appears twice");
        }
    }

    private static SafeTensorInfo ReadEntry(string name, JsonElement entry, string path)
    {
        if (entry.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsFormatException(path, $"the entry must be an object with dtype, shape and data_offsets, found {Describe(entry)}", name);

        var dtypeName = Field(entry, "dtype", JsonValueKind.String, name, path).GetString()!;
        if (!SafeTensorsDType.TryParse(dtypeName, out var dtype))
            throw new SafeTensorsFormatException(path, $"unknown or unsupported dtype '{dtypeName}'; expected one of {SafeTensorsDType.SupportedNames}", name);

        var shape = Integers(Field(entry, "shape", JsonValueKind.Array, name, path), "shape", name, path);
        var offsets = Integers(Field(entry, "data_offsets", JsonValueKind.Array, name, path), "data_offsets", name, path);
        if (offsets.Length != 2)
            throw new SafeTensorsFormatException(path, $"data_offsets must be [begin, end], found {offsets.Length} numbers", name);
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end)
            throw new SafeTensorsFormatException(path, $"data_offsets [{begin}, {end}] end before they begin", name);

        long expectedBytes;
        try
        {
            expectedBytes = dtype.ElementSize();
            foreach (var d in shape) expectedBytes = checked(expectedBytes * d);
        }
        catch (OverflowException)
        {
            throw new SafeTensorsFormatException(path, $"shape [{string.Join(", ", shape)}] is too large to address", name);
        }
        if (end - begin != expectedBytes)
            throw new SafeTensorsFormatException(path,
                $"data_offsets [{begin}, {end}] hold {end - begin} bytes but {dtypeName} shape [{string.Join(", ", shape)}] needs {expectedBytes}", name);

        return new SafeTensorInfo(name, dtype, Array.AsReadOnly(shape), begin, end - begin);
    }

    private static JsonElement Field(JsonElement entry, string key, JsonValueKind kind, string name, string path)
    {
        if (!entry.TryGetProperty(key, out var value))
            throw new SafeTensorsFormatException(path, $"the entry has no '{key}'", name);
        if (value.ValueKind != kind)
            throw new SafeTensorsFormatException(path, $"'{key}' must be a JSON {kind.ToString().ToLowerInvariant()}, found {Describe(value)}", name);
        return value;
    }

    /// <summary>An array of non-negative integers (dims and offsets are unsigned in the format).</summary>
    private static long[] Integers(JsonElement array, string key, string name, string path)
    {
        var result = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v) || v < 0)
                throw new SafeTensorsFormatException(path, $"'{key}' must hold non-negative integers, found {item.GetRawText()} at index {i}", name);
            result[i++] = v;
        }
        return result;
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {e.GetRawText()}",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        _ => "null",
    };
}
