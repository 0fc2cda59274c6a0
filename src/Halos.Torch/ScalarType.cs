namespace Halos.Torch;

/// <summary>Element types, numbered as c10::ScalarType so they cross the native boundary unchanged.</summary>
public enum ScalarType
{
    UInt8 = 0,
    Int8 = 1,
    Int16 = 2,
    Int32 = 3,
    Int64 = 4,
    Float16 = 5,
    Float32 = 6,
    Float64 = 7,
    Bool = 11,
    BFloat16 = 15,
}

public static class ScalarTypeInfo
{
    public static int ElementSize(this ScalarType t) => t switch
    {
        ScalarType.UInt8 or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "unknown scalar type"),
    };

    public static bool IsFloatingPoint(this ScalarType t) =>
        t is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;

    /// <summary>PyTorch's spelling: float32, bfloat16, int64, ...</summary>
    public static string Name(this ScalarType t) => t switch
    {
        ScalarType.UInt8 => "uint8",
        ScalarType.Int8 => "int8",
        ScalarType.Int16 => "int16",
        ScalarType.Int32 => "int32",
        ScalarType.Int64 => "int64",
        ScalarType.Float16 => "float16",
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Bool => "bool",
        ScalarType.BFloat16 => "bfloat16",
        _ => t.ToString(),
    };

    /// <summary>Parses PyTorch and Hugging Face spellings ("float32", "fp32", "bf16", "torch.bfloat16").</summary>
    public static ScalarType Parse(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        if (n.StartsWith("torch.")) n = n[6..];
        return n switch
        {
            "float32" or "float" or "fp32" or "f32" => ScalarType.Float32,
            "float16" or "half" or "fp16" or "f16" => ScalarType.Float16,
            "bfloat16" or "bf16" => ScalarType.BFloat16,
            "float64" or "double" or "fp64" or "f64" => ScalarType.Float64,
            "int64" or "long" or "i64" => ScalarType.Int64,
            "int32" or "int" or "i32" => ScalarType.Int32,
            "int16" or "short" or "i16" => ScalarType.Int16,
            "int8" or "i8" => ScalarType.Int8,
            "uint8" or "byte" or "u8" => ScalarType.UInt8,
            "bool" => ScalarType.Bool,
            _ => throw new ArgumentException($"unknown dtype '{name}'; expected one of float32, float16, bfloat16, float64, int64, int32, int16, int8, uint8, bool"),
        };
    }

    internal static ScalarType Of<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return ScalarType.Float32;
        if (typeof(T) == typeof(double)) return ScalarType.Float64;
        if (typeof(T) == typeof(long)) return ScalarType.Int64;
        if (typeof(T) == typeof(int)) return ScalarType.Int32;
        if (typeof(T) == typeof(short)) return ScalarType.Int16;
        if (typeof(T) == typeof(sbyte)) return ScalarType.Int8;
        if (typeof(T) == typeof(byte)) return ScalarType.UInt8;
        if (typeof(T) == typeof(bool)) return ScalarType.Bool;
        if (typeof(T) == typeof(Half)) return ScalarType.Float16;
        throw new NotSupportedException($"no tensor dtype for .NET type {typeof(T).Name}");
    }
}
