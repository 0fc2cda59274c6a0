using System.Text;
using Halos.Torch.SafeTensors;

namespace Halos.Torch.Tests.SafeTensors;

/// <summary>Malformed files are refused on open with a message naming the file, the problem, and the tensor.</summary>
public class SafeTensorsCorruptFileTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A file with the given header JSON and that many data bytes after it.</summary>
    private string Craft(string json, int dataBytes, ulong? declaredHeaderLength = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), declaredHeaderLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return Write(bytes);
    }

    private string Write(byte[] bytes)
    {
        var path = _folder.File($"bad-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static SafeTensorsFormatException Rejects(string path, string fragment, string? tensor = null)
    {
        var e = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(path).Dispose());
        Assert.Contains(path, e.Message);
        Assert.Contains(fragment, e.Message);
        Assert.Equal(path, e.Path);
        Assert.Equal(tensor, e.TensorName);
        if (tensor is not null) Assert.Contains($"'{tensor}'", e.Message);
        return e;
    }

    private const string Two = "\"dtype\":\"F32\",\"shape\":[2]";

    [Fact]
    public void TruncatedFile()
    {
        var path = _folder.File("whole.safetensors");
        using (var t = torch.ones(4))
            SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["w"] = t });
        var bytes = File.ReadAllBytes(path);
        var truncated = Write(bytes[..^4]);
        Rejects(truncated, "data_offsets [0, 16] reach past the data buffer, which holds 12 bytes (is the file truncated?)", "w");
    }

    [Fact]
    public void FileShorterThanTheLengthPrefix()
    {
        Rejects(Write([1, 0, 0]), "the file is 3 bytes, too short for the 8-byte header length");
        Rejects(Write([]), "the file is 0 bytes");
    }

    [Fact]
    public void HeaderLongerThanTheFile() =>
        Rejects(Craft("{}", 0, declaredHeaderLength: 1000), "the header length 1000 is longer than the 2 bytes that follow it");

    [Fact]
    public void HeaderLengthOverTheCap() =>
        Rejects(Craft("{}", 0, declaredHeaderLength: ulong.MaxValue), $"the header length {ulong.MaxValue} exceeds the 100000000-byte limit");

    [Fact]
    public void HeaderLengthZero() => Rejects(Craft("", 0), "the header length is 0");

    [Fact]
    public void GarbageJson() => Rejects(Craft("{not json", 0), "the header is not valid JSON");

    [Fact]
    public void HeaderThatIsNotUtf8() => Rejects(Write([2, 0, 0, 0, 0, 0, 0, 0, 0xC3, 0x28]), "not valid UTF-8");

    [Fact]
    public void HeaderThatIsNotAnObject() => Rejects(Craft("[1, 2]", 0), "the header must be a JSON object, found an array");

    [Fact]
    public void OverlappingOffsets() =>
        Rejects(Craft($"{{\"a\":{{{Two},\"data_offsets\":[0,8]}},\"b\":{{{Two},\"data_offsets\":[4,12]}}}}", 12),
            "data_offsets [4, 12] overlap tensor 'a' at [0, 8]", "b");

    [Fact]
    public void OffsetsPastTheDataBuffer() =>
        Rejects(Craft($"{{\"a\":{{{Two},\"data_offsets\":[8,16]}},\"b\":{{{Two},\"data_offsets\":[0,8]}}}}", 12),
            "data_offsets [8, 16] reach past the data buffer, which holds 12 bytes", "a");

    [Fact]
    public void OffsetsThatEndBeforeTheyBegin() =>
        Rejects(Craft($"{{\"a\":{{{Two},\"data_offsets\":[8,0]}}}}", 8), "data_offsets [8, 0] end before they begin", "a");

    [Fact]
    public void GapBetweenTensors() =>
        Rejects(Craft($"{{\"a\":{{{Two},\"data_offsets\":[0,8]}},\"b\":{{{Two},\"data_offsets\":[12,20]}}}}", 20),
            "bytes [8, 12) of the data buffer belong to no tensor", "b");

    [Fact]
    public void TrailingBytesAfterTheLastTensor() =>
        Rejects(Craft($"{{\"a\":{{{Two},\"data_offsets\":[0,8]}}}}", 10), "the tensors cover 8 bytes but the data buffer holds 10");

    [Fact]
    public void UnknownDType() =>
        Rejects(Craft("{\"q\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,1]}}", 1),
            "unknown or unsupported dtype 'Q4'; expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL", "q");

    [Fact]
    public void ShapeThatDoesNotMatchTheByteCount() =>
        Rejects(Craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
            "data_offsets [0, 8] hold 8 bytes but F32 shape [3] needs 12", "w");

    [Fact]
    public void ShapeWhoseByteCountOverflows() =>
        Rejects(Craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904, 4],\"data_offsets\":[0,8]}}", 8),
            "shape [4611686018427387904, 4] is too large to address", "w");

    [Fact]
    public void NegativeDimension() =>
        Rejects(Craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8),
            "'shape' must hold non-negative integers, found -2 at index 0", "w");

    [Fact]
    public void MissingField() =>
        Rejects(Craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8), "the entry has no 'data_offsets'", "w");

    [Fact]
    public void FieldOfTheWrongKind() =>
        Rejects(Craft("{\"w\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "'dtype' must be a JSON string, found the number 32", "w");

    [Fact]
    public void OffsetsThatAreNotAPair() =>
        Rejects(Craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}}", 8), "data_offsets must be [begin, end], found 3 numbers", "w");

    [Fact]
    public void DuplicateName() =>
        Rejects(Craft($"{{\"a\":{{{Two},\"data_offsets\":[0,8]}},\"a\":{{{Two},\"data_offsets\":[8,16]}}}}", 16),
            "the name appears twice in the header", "a");

    [Fact]
    public void MetadataWithANonStringValue() =>
        Rejects(Craft("{\"__metadata__\":{\"step\":12}}", 0), "__metadata__ key 'step' must have a string value, found the number 12");

    [Fact]
    public void PaddedHeaderWithoutTensorsIsValid()
    {
        // The smallest valid file: an empty header padded to 8 bytes and no data.
        using var file = SafeTensorsFile.Open(Craft("{}      ", 0));
        Assert.Empty(file.Names);
        Assert.Empty(file.Metadata);
    }
}
