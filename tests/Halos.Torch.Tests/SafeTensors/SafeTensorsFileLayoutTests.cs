using System.Text;
using Halos.Torch.SafeTensors;

namespace Halos.Torch.Tests.SafeTensors;

/// <summary>The bytes the writer produces, checked against a layout worked out by hand from the format.</summary>
public class SafeTensorsFileLayoutTests
{
    [Fact]
    public void TinyFileHasTheExactBytesTheFormatPrescribes()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("tiny.safetensors");
        using var scope = torch.NewDisposeScope();
        SafeTensorsWriter.Save(path, new Dictionary<string, Tensor>
        {
            ["a"] = torch.tensor(new sbyte[] { -1, 0, 127 }),
            ["b"] = torch.tensor(new float[] { 1, 2 }),
            ["c"] = torch.from_bytes([0xC0, 0x3F], ScalarType.BFloat16, 1), // 1.5
        }, new Dictionary<string, string> { ["format"] = "pt" });

        // Layout: 4-byte F32 'b' first, then 2-byte BF16 'c', then 1-byte I8 'a' (element size
        // descending, then name). The JSON is 194 bytes, padded with 6 spaces to 200.
        const string json =
            "{\"__metadata__\":{\"format\":\"pt\"}," +
            "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}," +
            "\"c\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[8,10]}," +
            "\"a\":{\"dtype\":\"I8\",\"shape\":[3],\"data_offsets\":[10,13]}}";
        var expected = new List<byte> { 200, 0, 0, 0, 0, 0, 0, 0 };
        expected.AddRange(Encoding.UTF8.GetBytes(json + "      "));
        expected.AddRange(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40 }); // 1f, 2f
        expected.AddRange(new byte[] { 0xC0, 0x3F });                                     // bf16 1.5
        expected.AddRange(new byte[] { 0xFF, 0x00, 0x7F });                               // -1, 0, 127

        Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void DataBufferStartsOnAnEightByteBoundaryAndEveryTensorOnItsElementSize()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("aligned.safetensors");
        using var scope = torch.NewDisposeScope();
        SafeTensorsWriter.Save(path, new Dictionary<string, Tensor>
        {
            ["odd_bytes"] = torch.tensor(new byte[] { 1, 2, 3 }),
            ["halves"] = torch.zeros([3], ScalarType.Float16),
            ["longs"] = torch.tensor(new long[] { 1, 2 }),
            ["floats"] = torch.tensor(new float[] { 1 }),
        });

        var bytes = File.ReadAllBytes(path);
        var headerLength = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, (8 + headerLength) % 8);
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(new[] { "longs", "floats", "halves", "odd_bytes" }, file.Names);
        Assert.Equal(new long[] { 0, 16, 20, 26 }, file.Names.Select(n => file.Info(n).DataOffset));
    }

    [Fact]
    public void SavingTheSameTensorsTwiceGivesIdenticalFiles()
    {
        using var folder = new ScratchFolder();
        using var scope = torch.NewDisposeScope();
        var first = new Dictionary<string, Tensor> { ["z"] = torch.ones(2), ["y"] = torch.zeros(3), ["x"] = torch.tensor(new int[] { 4 }) };
        var second = first.Reverse().ToDictionary(kv => kv.Key, kv => kv.Value);
        var meta1 = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" };
        var meta2 = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" };
        SafeTensorsWriter.Save(folder.File("1.safetensors"), first, meta1);
        SafeTensorsWriter.Save(folder.File("2.safetensors"), second, meta2);
        Assert.Equal(File.ReadAllBytes(folder.File("1.safetensors")), File.ReadAllBytes(folder.File("2.safetensors")));
    }

    [Fact]
    public void TensorNamedLikeTheMetadataKeyIsRefused()
    {
        using var folder = new ScratchFolder();
        using var t = torch.ones(1);
        var e = Assert.Throws<ArgumentException>(() =>
            SafeTensorsWriter.Save(folder.File("m.safetensors"), new Dictionary<string, Tensor> { ["__metadata__"] = t }));
        Assert.Contains("reserved", e.Message);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void NullMetadataValueIsRefusedWithItsKey()
    {
        using var folder = new ScratchFolder();
        using var t = torch.ones(1);
        var e = Assert.Throws<ArgumentException>(() =>
            SafeTensorsWriter.Save(folder.File("m.safetensors"), new Dictionary<string, Tensor> { ["t"] = t },
                new Dictionary<string, string> { ["step"] = null! }));
        Assert.Contains("metadata key 'step' has a null value", e.Message);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }
}
