using Halos.Models.Checkpoints;
using Halos.Models.Configuration;

namespace Halos.Models.Tests;

/// <summary>Broken model folders get errors that name the file and the tensor (or key) at fault.</summary>
public class BadCheckpointTests : IDisposable
{
    private readonly string _folder = TinyModels.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Weights => Path.Combine(_folder, "model.safetensors");

    private void SaveTiny(string name, long maxShardBytes = HfCheckpoint.DefaultMaxShardBytes)
    {
        using var model = TinyModels.Create(name);
        HfCheckpoint.Save(model, _folder, maxShardBytes);
    }

    [Fact]
    public void TruncatedSafetensorsNamesTheFileAndTensor()
    {
        SaveTiny("llama_gqa");
        var bytes = File.ReadAllBytes(Weights);
        File.WriteAllBytes(Weights, bytes[..(bytes.Length - 100)]);
        var e = Assert.Throws<CheckpointException>(() => HfCheckpoint.Load(_folder));
        Assert.Contains(Weights, e.Message);
        Assert.NotNull(e.TensorName);
        Assert.Contains($"'{e.TensorName}'", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void MissingShardNamesTheShardAndATensorItHolds()
    {
        SaveTiny("gpt2", maxShardBytes: 20_000);
        var shard = Directory.GetFiles(_folder, "model-00002-of-*.safetensors").Single();
        File.Delete(shard);
        var e = Assert.Throws<CheckpointException>(() => HfCheckpoint.Load(_folder));
        Assert.Contains(shard, e.Message);
        Assert.Contains("missing", e.Message);
        Assert.StartsWith("transformer.", e.TensorName);
    }

    [Fact]
    public void ShapeThatDisagreesWithConfigNamesTheFileAndTensor()
    {
        SaveTiny("qwen2");
        var configPath = Path.Combine(_folder, "config.json");
        File.WriteAllText(configPath, File.ReadAllText(configPath).Replace("\"intermediate_size\": 48", "\"intermediate_size\": 40"));
        // Caught from the safetensors header before the model is built, naming config.json's key as well.
        var e = Assert.Throws<ModelConfigException>(() => HfCheckpoint.Load(_folder));
        Assert.Contains(Weights, e.Message);
        Assert.Equal("intermediate_size", e.Key);
        Assert.Contains("'model.layers.0.mlp.gate_proj.weight' with shape [48, ", e.Message);
        Assert.Contains("config.json", e.Message);
    }

    [Fact]
    public void UnknownModelTypeNamesConfigJsonAndTheKey()
    {
        SaveTiny("gpt2");
        var configPath = Path.Combine(_folder, "config.json");
        File.WriteAllText(configPath, File.ReadAllText(configPath).Replace("\"model_type\": \"gpt2\"", "\"model_type\": \"mamba\""));
        var e = Assert.Throws<ModelConfigException>(() => HfCheckpoint.Load(_folder));
        Assert.Contains(configPath, e.Message);
        Assert.Contains("'model_type'", e.Message);
        Assert.Contains("mamba", e.Message);
    }

    [Fact]
    public void MissingAndUnexpectedTensorsAreNamed()
    {
        SaveTiny("gpt2");
        using (var model = TinyModels.Create("gpt2"))
        {
            var state = model.state_dict();
            state.Remove("transformer.ln_f.bias");
            state["transformer.h.0.attn.extra"] = state["transformer.ln_f.weight"];
            Halos.Torch.SafeTensors.SafeTensorsWriter.Save(Weights, state);
        }
        var e = Assert.Throws<CheckpointException>(() => HfCheckpoint.Load(_folder));
        Assert.Contains("'transformer.ln_f.bias'", e.Message);
        Assert.Contains("'transformer.h.0.attn.extra'", e.Message);
    }

    [Fact]
    public void MissingWeightsAndWrongConfigValuesAreExplained()
    {
        SaveTiny("gpt2");
        File.Delete(Weights);
        File.WriteAllText(Path.Combine(_folder, "pytorch_model.bin"), "");
        var noWeights = Assert.Throws<CheckpointException>(() => HfCheckpoint.Load(_folder));
        Assert.Contains("pickle", noWeights.Message);

        var bad = Assert.Throws<ModelConfigException>(() => HfConfig.Parse("""{"model_type":"gpt2","n_embd":"wide"}""", "x/config.json").Long("n_embd"));
        Assert.Equal("x/config.json: key 'n_embd': expected an integer, got \"wide\"", bad.Message);
        var missing = Assert.Throws<ModelConfigException>(() => Architectures.ArchitectureCatalog.Create(HfConfig.Parse("""{"model_type":"llama","vocab_size":10}""", "y/config.json")));
        Assert.Contains("y/config.json: key 'hidden_size'", missing.Message);
    }
}
