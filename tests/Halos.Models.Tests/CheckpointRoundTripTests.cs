using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Torch;
using Halos.Torch.SafeTensors;

namespace Halos.Models.Tests;

public class CheckpointRoundTripTests : IDisposable
{
    private readonly string _folder = TinyModels.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> AllNames() => new(TinyModels.CausalNames.Concat(TinyModels.ClassifierNames));

    [Theory]
    [MemberData(nameof(AllNames))]
    public void SaveThenLoadGivesIdenticalOutputs(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Create(name);
        var ids = TinyModels.RandomIds(2, 9);
        using var noGrad = torch.no_grad();
        var before = Outputs(model, ids);
        HfCheckpoint.Save(model, _folder);
        using var loaded = HfCheckpoint.Load(_folder);
        Assert.Equal(model.Architecture, loaded.Architecture);
        Assert.Equal(0f, TinyModels.MaxAbsDifference(before, Outputs(loaded, ids)));
    }

    [Fact]
    public void ShardedSaveWritesAnIndexAndLoadsBack()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("llama_gqa");
        HfCheckpoint.Save(model, _folder, maxShardBytes: 20_000);
        Assert.False(File.Exists(Path.Combine(_folder, "model.safetensors")));
        var index = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "model.safetensors.index.json"))).RootElement;
        var shards = index.GetProperty("weight_map").EnumerateObject().Select(e => e.Value.GetString()).Distinct().ToList();
        Assert.True(shards.Count > 2, $"expected several shards, got {shards.Count}");
        var expectedBytes = model.parameters().Sum(p => p.numel() * 4);
        Assert.Equal(expectedBytes, index.GetProperty("metadata").GetProperty("total_size").GetInt64());

        var ids = TinyModels.RandomIds(1, 6);
        using var noGrad = torch.no_grad();
        using var loaded = (CausalLanguageModel)HfCheckpoint.Load(_folder);
        Assert.Equal(0f, TinyModels.MaxAbsDifference(model.forward(ids), loaded.forward(ids)));

        // Saving again as one file leaves no shards or index behind to confuse a loader.
        HfCheckpoint.Save(model, _folder);
        Assert.Empty(Directory.GetFiles(_folder, "model-*"));
        Assert.False(File.Exists(Path.Combine(_folder, "model.safetensors.index.json")));
    }

    [Fact]
    public void SavedNamesAreTransformersNamesAndTiedHeadsAreNotWritten()
    {
        using var gpt2 = TinyModels.Causal("gpt2");
        HfCheckpoint.Save(gpt2, _folder);
        using (var file = SafeTensorsFile.Open(Path.Combine(_folder, "model.safetensors")))
        {
            Assert.Contains("transformer.h.1.attn.c_attn.weight", file.Names);
            Assert.Equal([32L, 96L], file.Info("transformer.h.1.attn.c_attn.weight").Shape);  // Conv1D: [in, out]
            Assert.DoesNotContain("lm_head.weight", file.Names);
            Assert.Equal("pt", file.Metadata["format"]);
        }
        using var qwen = TinyModels.Causal("qwen2");
        HfCheckpoint.Save(qwen, _folder);
        using (var file = SafeTensorsFile.Open(Path.Combine(_folder, "model.safetensors")))
        {
            Assert.Contains("model.layers.0.self_attn.q_proj.bias", file.Names);
            Assert.Equal([16L], file.Info("model.layers.0.self_attn.k_proj.bias").Shape);
            Assert.DoesNotContain("model.layers.0.self_attn.o_proj.bias", file.Names);
            Assert.DoesNotContain("lm_head.weight", file.Names);
        }
        var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "config.json"))).RootElement;
        Assert.Equal("Qwen2ForCausalLM", config.GetProperty("architectures")[0].GetString());
        Assert.Equal("float32", config.GetProperty("torch_dtype").GetString());
        Assert.True(config.GetProperty("tie_word_embeddings").GetBoolean());
    }

    [Fact]
    public void LoadConvertsDtypeAndSaveRecordsIt()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("llama_gqa");
        HfCheckpoint.Save(model, _folder);
        using var half = (CausalLanguageModel)HfCheckpoint.Load(_folder, new ModelOptions { DType = ScalarType.BFloat16 });
        Assert.All(half.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        var ids = TinyModels.RandomIds(1, 6);
        using var noGrad = torch.no_grad();
        var reference = F.softmax(model.forward(ids), -1);
        var approximate = F.softmax(half.forward(ids).to(ScalarType.Float32), -1);
        Assert.InRange(TinyModels.MaxAbsDifference(reference, approximate), 1e-6f, 0.02f);

        var bfFolder = Path.Combine(_folder, "bf16");
        HfCheckpoint.Save(half, bfFolder);
        using (var file = SafeTensorsFile.Open(Path.Combine(bfFolder, "model.safetensors")))
            Assert.Equal(ScalarType.BFloat16, file.Info("model.norm.weight").DType);
        Assert.Contains("\"torch_dtype\": \"bfloat16\"", File.ReadAllText(Path.Combine(bfFolder, "config.json")));
        using var back = HfCheckpoint.Load(bfFolder, new ModelOptions { DType = ScalarType.BFloat16 });
        Assert.Equal(0f, TinyModels.MaxAbsDifference(half.forward(ids), ((CausalLanguageModel)back).forward(ids)));
    }

    [Fact]
    public void RewardModelStartsFromACausalLmCheckpointNonStrictly()
    {
        using var lm = TinyModels.Causal("llama_gqa");
        HfCheckpoint.Save(lm, _folder);
        var strict = Assert.Throws<CheckpointException>(() => HfCheckpoint.Load(_folder, new ModelOptions { Kind = ModelKind.SequenceClassifier, NumLabels = 1 }));
        Assert.Contains("'score.weight'", strict.Message);
        Assert.Contains("'lm_head.weight'", strict.Message);

        using var rm = (DecoderSequenceClassifier)HfCheckpoint.Load(_folder, new ModelOptions { Kind = ModelKind.SequenceClassifier, NumLabels = 1 }, strict: false, out var report);
        Assert.Equal(["score.weight"], report.Missing);
        Assert.Equal(["lm_head.weight"], report.Unexpected);
        // The new head starts as transformers starts it: N(0, initializer_range = 0.02).
        var score = rm.named_parameters().Single(p => p.name == "score.weight").parameter.data<float>();
        Assert.All(score, v => Assert.InRange(v, -0.12f, 0.12f));
        Assert.InRange(Math.Sqrt(score.Average(v => v * v)), 0.008, 0.04);
        // The body came from the checkpoint: its hidden states equal the LM's.
        var ids = TinyModels.RandomIds(1, 5);
        using var noGrad = torch.no_grad();
        using var a = lm.HiddenStates(ids);
        using var b = rm.Body.forward(ids);
        Assert.Equal(0f, TinyModels.MaxAbsDifference(a, b));
    }

    private static Tensor Outputs(TransformerModel model, Tensor ids) => model switch
    {
        CausalLanguageModel lm => lm.forward(ids),
        SequenceClassifier classifier => classifier.forward(ids),
        _ => throw new ArgumentException(model.GetType().Name),
    };
}
