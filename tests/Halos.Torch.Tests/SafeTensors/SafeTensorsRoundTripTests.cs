using Halos.Torch.SafeTensors;

namespace Halos.Torch.Tests.SafeTensors;

public class SafeTensorsRoundTripTests
{
    private static readonly ScalarType[] AllDTypes =
    [
        ScalarType.Float32, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Float64,
        ScalarType.Int64, ScalarType.Int32, ScalarType.Int16, ScalarType.Int8, ScalarType.UInt8, ScalarType.Bool,
    ];

    /// <summary>Deterministic element bytes: arbitrary bit patterns (NaN payloads included) for
    /// numbers, 0/1 for bool, which is all libtorch allows there.</summary>
    private static byte[] PatternBytes(ScalarType dtype, long numel, int seed)
    {
        var bytes = new byte[numel * dtype.ElementSize()];
        new Random(seed).NextBytes(bytes);
        if (dtype == ScalarType.Bool)
            for (var i = 0; i < bytes.Length; i++) bytes[i] &= 1;
        return bytes;
    }

    [Fact]
    public void EveryDTypeRoundTripsBitForBit()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("all.safetensors");
        using var scope = torch.NewDisposeScope();
        var expected = new Dictionary<string, (ScalarType DType, long[] Shape, byte[] Bytes)>();
        var tensors = new Dictionary<string, Tensor>();
        for (var i = 0; i < AllDTypes.Length; i++)
        {
            var dtype = AllDTypes[i];
            long[] shape = [3, i + 1];
            var bytes = PatternBytes(dtype, 3 * (i + 1), seed: i);
            var name = "t." + SafeTensorsDType.Name(dtype).ToLowerInvariant();
            expected[name] = (dtype, shape, bytes);
            tensors[name] = torch.from_bytes(bytes, dtype, shape);
        }

        SafeTensorsWriter.Save(path, tensors);

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), file.Names.Order(StringComparer.Ordinal));
        foreach (var (name, (dtype, shape, bytes)) in expected)
        {
            var info = file.Info(name);
            Assert.Equal(dtype, info.DType);
            Assert.Equal(shape, info.Shape);
            Assert.Equal(bytes.Length, info.ByteLength);
            Assert.Equal(bytes, file.Bytes(name).ToArray());
            var loaded = file.Load(name);
            Assert.Equal(dtype, loaded.dtype);
            Assert.Equal(shape, loaded.shape);
            Assert.Equal(bytes, loaded.bytes());
        }
    }

    [Fact]
    public void HalfPrecisionValuesSurviveAsTheirKnownBitPatterns()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("half.safetensors");
        // 1.0, -2.0, 65504 (largest f16) as f16; 1.0, -2.0, 3.0e38 (rounded) as bf16.
        byte[] f16 = [0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B];
        byte[] bf16 = [0x80, 0x3F, 0x00, 0xC0, 0x62, 0x7F];
        using (var h = torch.from_bytes(f16, ScalarType.Float16, 3))
        using (var b = torch.from_bytes(bf16, ScalarType.BFloat16, 3))
            SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["h"] = h, ["b"] = b });

        using var file = SafeTensorsFile.Open(path);
        using var hLoaded = file.Load("h");
        using var bLoaded = file.Load("b");
        Assert.Equal(f16, hLoaded.bytes());
        Assert.Equal(bf16, bLoaded.bytes());
        using var hFloat = hLoaded.@float();
        using var bFloat = bLoaded.@float();
        Assert.Equal(new float[] { 1, -2, 65504 }, hFloat.data<float>());
        Assert.Equal(new float[] { 1, -2, BitConverter.Int32BitsToSingle(0x7F620000) }, bFloat.data<float>());
    }

    [Fact]
    public void MetadataRoundTrips()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("meta.safetensors");
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["step"] = "1200",
            ["note"] = "quotes \" and \\ and ünïcode and a\nnewline",
        };
        using (var t = torch.tensor(new float[] { 1.5f }))
            SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["w"] = t }, metadata);

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(metadata.OrderBy(kv => kv.Key), file.Metadata.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void NoMetadataReadsAsEmpty()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("plain.safetensors");
        using (var t = torch.tensor(new long[] { 7 }))
            SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["x"] = t });
        using var file = SafeTensorsFile.Open(path);
        Assert.Empty(file.Metadata);
        using var x = file.Load("x");
        Assert.Equal(new long[] { 7 }, x.data<long>());
    }

    [Fact]
    public void NonContiguousTensorIsSavedInRowMajorOrder()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("t.safetensors");
        using var scope = torch.NewDisposeScope();
        var m = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["mT"] = m.t() });

        using var file = SafeTensorsFile.Open(path);
        var loaded = file.Load("mT");
        Assert.Equal(new long[] { 3, 2 }, loaded.shape);
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, loaded.data<float>());
    }

    [Fact]
    public void ScalarsAndEmptyTensorsRoundTrip()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("edge.safetensors");
        using var scope = torch.NewDisposeScope();
        SafeTensorsWriter.Save(path, new Dictionary<string, Tensor>
        {
            ["scalar"] = torch.tensor(2.5, ScalarType.Float64),
            ["empty"] = torch.zeros([0, 4], ScalarType.Float32),
            ["after"] = torch.tensor(new int[] { -3, 9 }),
        });

        using var file = SafeTensorsFile.Open(path);
        Assert.Empty(file.Info("scalar").Shape);
        Assert.Equal(2.5, file.Load("scalar").item<double>());
        Assert.Equal(new long[] { 0, 4 }, file.Load("empty").shape);
        Assert.Equal(0, file.Info("empty").ByteLength);
        Assert.Equal(new int[] { -3, 9 }, file.Load("after").data<int>());
    }

    [Fact]
    public void TensorLargerThanOneCopyChunkRoundTrips()
    {
        // 5 M floats = 20 MB, over the writer's 16 MB chunk, so it is written slice by slice.
        using var folder = new ScratchFolder();
        var path = folder.File("big.safetensors");
        using var scope = torch.NewDisposeScope();
        var big = torch.arange(0, 5_000_000, 1, ScalarType.Float32).reshape(1000, 5000);
        SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["big"] = big });

        using var file = SafeTensorsFile.Open(path);
        var values = file.Load("big").data<float>();
        Assert.Equal(5_000_000, values.Length);
        Assert.Equal(0f, values[0]);
        Assert.Equal(4_194_303f, values[4_194_303]); // last element of the first 16 MB chunk
        Assert.Equal(4_194_304f, values[4_194_304]); // first element of the second
        Assert.Equal(4_999_999f, values[^1]);
    }

    [Fact]
    public void LoadedTensorsOutliveTheFile()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("a.safetensors");
        using (var t = torch.tensor(new short[] { 1, -2, 3 }))
            SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["a"] = t });

        Dictionary<string, Tensor> all;
        using (var file = SafeTensorsFile.Open(path))
            all = file.LoadAll();
        Assert.Equal(new short[] { 1, -2, 3 }, all["a"].data<short>());
        all["a"].Dispose();
    }

    [Fact]
    public void UnknownNameAndUseAfterDisposeAreClearErrors()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("a.safetensors");
        using (var t = torch.tensor(new byte[] { 1 }))
            SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["only"] = t });

        var file = SafeTensorsFile.Open(path);
        var missing = Assert.Throws<KeyNotFoundException>(() => file.Load("absent"));
        Assert.Contains(path, missing.Message);
        Assert.Contains("'absent'", missing.Message);
        Assert.Contains("'only'", missing.Message);
        file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => file.Load("only"));
    }
}
