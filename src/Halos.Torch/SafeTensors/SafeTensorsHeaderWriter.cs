using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Halos.Torch.SafeTensors;

/// <summary>
/// Lays tensors out in the data buffer and writes the matching header, in the shape the
/// reference implementation produces: compact JSON, __metadata__ first, entries in layout order,
/// padded with spaces so the data buffer starts on an 8-byte boundary.
/// </summary>
internal static class SafeTensorsHeaderWriter
{
    private const int Alignment = 8;

    /// <summary>
    /// The data layout order: larger elements first, then by name (ordinal). Like the reference's
    /// sort by dtype then name, this keeps every tensor's offset a multiple of its element size,
    /// so a reader can map the data in place. The order is deterministic: the same tensors always
    /// give the same bytes.
    /// </summary>
    public static List<SafeTensorInfo> Layout(IEnumerable<(string Name, ScalarType DType, long[] Shape)> tensors)
    {
        var ordered = tensors
            .OrderByDescending(t => t.DType.ElementSize())
            .ThenBy(t => t.Name, StringComparer.Ordinal);
        var layout = new List<SafeTensorInfo>();
        long offset = 0;
        foreach (var (name, dtype, shape) in ordered)
        {
            long bytes = dtype.ElementSize();
            foreach (var d in shape) bytes = checked(bytes * d);
            layout.Add(new SafeTensorInfo(name, dtype, Array.AsReadOnly(shape), offset, bytes));
            offset = checked(offset + bytes);
        }
        return layout;
    }

    /// <summary>UTF-8 header JSON, space-padded to a multiple of 8 bytes.</summary>
    /// <param name="metadata">Written as __metadata__ with keys in ordinal order; omitted when null or empty.</param>
    public static byte[] Serialize(IReadOnlyList<SafeTensorInfo> layout, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping leaves names like "a+b" or non-ASCII readable; the output is still
        // plain JSON that any parser (Python's included) accepts.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            foreach (var t in layout)
            {
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", SafeTensorsDType.Name(t.DType));
                json.WriteStartArray("shape");
                foreach (var d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(t.DataOffset);
                json.WriteNumberValue(t.DataOffset + t.ByteLength);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }

        var padding = (Alignment - buffer.WrittenCount % Alignment) % Alignment;
        var header = new byte[buffer.WrittenCount + padding];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }
}
