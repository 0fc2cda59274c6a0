using System.Text.Json;
using Halos.Torch.SafeTensors;

namespace Halos.Torch.Tests.SafeTensors;

/// <summary>
/// Reads a model.safetensors written by Hugging Face transformers (through the Rust safetensors
/// library). Uses ../shared/fixtures/hf-tiny/gpt2 beside the repository; skipped where it is absent.
/// </summary>
public class HuggingFaceSafeTensorsTests
{
    private static string Gpt2(string file)
    {
        var path = SharedFixtures.HfTiny("gpt2", file);
        Skip.If(!File.Exists(path), $"needs ../shared/fixtures/hf-tiny/gpt2/{file} beside the repository ({path})");
        return path;
    }

    [SkippableFact]
    public void TinyGpt2ShapesMatchItsConfig()
    {
        var modelPath = Gpt2("model.safetensors");
        using var config = JsonDocument.Parse(File.ReadAllText(Gpt2("config.json")));
        var vocab = config.RootElement.GetProperty("vocab_size").GetInt64();
        var embd = config.RootElement.GetProperty("n_embd").GetInt64();
        var positions = config.RootElement.GetProperty("n_positions").GetInt64();
        var layers = config.RootElement.GetProperty("n_layer").GetInt32();

        using var file = SafeTensorsFile.Open(modelPath);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(ScalarType.Float32, file.Info("transformer.wte.weight").DType);
        Assert.Equal(new[] { vocab, embd }, file.Info("transformer.wte.weight").Shape);
        Assert.Equal(new[] { positions, embd }, file.Info("transformer.wpe.weight").Shape);
        Assert.Equal(new[] { embd, 3 * embd }, file.Info("transformer.h.0.attn.c_attn.weight").Shape);
        Assert.Equal(layers, file.Names.Count(n => n.EndsWith(".ln_1.weight")));
        Assert.Equal(4 + 12 * layers, file.Names.Count);
    }

    [SkippableFact]
    public void TinyGpt2ValuesMatchAnIndependentReader()
    {
        // The first elements of wte.weight and element [5, 7], as numpy read them from the file
        // (np.frombuffer over the data_offsets range), given as float32 bit patterns.
        using var file = SafeTensorsFile.Open(Gpt2("model.safetensors"));
        using var wte = file.Load("transformer.wte.weight");
        var values = wte.data<float>();
        Assert.Equal(BitConverter.Int32BitsToSingle(unchecked((int)0xbe134680)), values[0]); // -0.14382362
        Assert.Equal(BitConverter.Int32BitsToSingle(0x3dc5612f), values[1]);                  //  0.09637677
        Assert.Equal(BitConverter.Int32BitsToSingle(0x3d3373ed), values[2]);                  //  0.04381173
        Assert.Equal(BitConverter.Int32BitsToSingle(unchecked((int)0xbe8b62c5)), values[5 * 64 + 7]);
    }

    [SkippableFact]
    public void ResavingTinyGpt2ReproducesTheFileByteForByte()
    {
        // Every tensor is F32, so our layout (element size, then name) and the reference's
        // (dtype, then name) agree, and the header JSON is the same compact form.
        var modelPath = Gpt2("model.safetensors");
        using var folder = new ScratchFolder();
        var copy = folder.File("model.safetensors");
        using (var file = SafeTensorsFile.Open(modelPath))
        {
            var tensors = file.LoadAll();
            try { SafeTensorsWriter.Save(copy, tensors, file.Metadata); }
            finally { foreach (var t in tensors.Values) t.Dispose(); }
        }
        Assert.Equal(File.ReadAllBytes(modelPath), File.ReadAllBytes(copy));
    }
}
