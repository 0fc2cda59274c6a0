namespace Halos.Torch.SafeTensors;

/// <summary>
/// The dtype spellings of the safetensors header ("F32", "BF16", ...) and the libtorch element
/// types they stand for. This is the only place the two vocabularies meet.
/// </summary>
public static class SafeTensorsDType
{
    private static readonly (string Name, ScalarType Type)[] Table =
    [
        ("F64", ScalarType.Float64),
        ("F32", ScalarType.Float32),
        ("F16", ScalarType.Float16),
        ("BF16", ScalarType.BFloat16),
        ("I64", ScalarType.Int64),
        ("I32", ScalarType.Int32),
        ("I16", ScalarType.Int16),
        ("I8", ScalarType.Int8),
        ("U8", ScalarType.UInt8),
        ("BOOL", ScalarType.Bool),
    ];

    /// <summary>The header names this library reads and writes, for error messages.</summary>
    public static string SupportedNames => string.Join(", ", Table.Select(e => e.Name));

    /// <summary>The header spelling of an element type, e.g. "BF16".</summary>
    public static string Name(ScalarType type)
    {
        foreach (var (name, t) in Table)
            if (t == type) return name;
        throw new ArgumentOutOfRangeException(nameof(type), type, $"safetensors has no name for dtype {type}; supported: {SupportedNames}");
    }

    /// <summary>
    /// The element type for a header spelling. The match is exact (case-sensitive), as in the
    /// reference implementation; formats it defines that libtorch 1.13 lacks (U16, F8_E4M3, ...) are
    /// not found.
    /// </summary>
    public static bool TryParse(string name, out ScalarType type)
    {
        foreach (var (n, t) in Table)
        {
            if (n != name) continue;
            type = t;
            return true;
        }
        type = default;
        return false;
    }
}
