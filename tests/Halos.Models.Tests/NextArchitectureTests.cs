using System.Text.Json;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Configuration;
using Halos.Abstractions.Generation;
using Halos.Torch;
using Halos.Torch.SafeTensors;

namespace Halos.Models.Tests;

/// <summary>
/// Gemma 2, Phi-3 and Qwen3: greedy generation against transformers' own (../shared/fixtures/hf-tiny-next), the
/// checkpoint round trip under transformers' names, Qwen3's q/k norm by hand, and the refusals.
/// </summary>
public class NextArchitectureTests : IDisposable
{
    private readonly string _folder = TinyModels.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The sampler decodes through the KV cache (prefill, then one token at a time), so Gemma 2's sliding window
    /// and final soft cap are exercised in the cache; GenerationTests holds prefill/decode to a full forward for every tiny model.</summary>
    [SkippableTheory]
    [InlineData("gemma2")]
    [InlineData("phi3")]
    public void GreedyGenerationEqualsTransformers(string name)
    {
        var folder = SharedFixtures.NextFolder(name);
        var generation = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "generation.json"))).RootElement;
        int[][] Rows(string key) => generation.GetProperty(key).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        var prompts = Rows("prompts");
        var expected = Rows("greedy");
        using var model = (CausalLanguageModel)HfCheckpoint.Load(folder);
        var options = new SamplingOptions { Temperature = 0, MaxNewTokens = generation.GetProperty("max_new_tokens").GetInt32() };
        int[][] Generate(int[][] batch) => BatchSampler.Generate(model, model.device, batch, options).Select(s => s.TokenIds).ToArray();
        // One prompt at a time, as the reference was made, and then all of them left-padded into one batch.
        for (var i = 0; i < prompts.Length; i++) Assert.Equal(expected[i], Generate([prompts[i]])[0]);
        Assert.Equal(expected, Generate(prompts));
    }

    [SkippableTheory]
    [InlineData("gemma2")]
    [InlineData("phi3")]
    public void ResavingWritesTransformersNamesAndShapes(string name)
    {
        var folder = SharedFixtures.NextFolder(name);
        using var model = HfCheckpoint.Load(folder);
        HfCheckpoint.Save(model, _folder);
        using var original = SafeTensorsFile.Open(Path.Combine(folder, "model.safetensors"));
        using var saved = SafeTensorsFile.Open(Path.Combine(_folder, "model.safetensors"));
        Assert.Equal(original.Names.OrderBy(n => n, StringComparer.Ordinal), saved.Names.OrderBy(n => n, StringComparer.Ordinal));
        foreach (var tensor in original.Names) Assert.Equal(original.Info(tensor).Shape, saved.Info(tensor).Shape);
        if (name == "phi3")
        {
            Assert.Equal([128L, 64L], saved.Info("model.layers.1.self_attn.qkv_proj.weight").Shape);   // (4 + 2·2) heads × 16
            Assert.Equal([256L, 64L], saved.Info("model.layers.1.mlp.gate_up_proj.weight").Shape);     // 2 × intermediate 128
        }
        else Assert.DoesNotContain("lm_head.weight", saved.Names);  // Gemma 2 ties its head to the embeddings
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "config.json"))).RootElement;
        Assert.Equal(name == "phi3" ? "Phi3ForCausalLM" : "Gemma2ForCausalLM", config.GetProperty("architectures")[0].GetString());
    }

    private const string Qwen3OneLayer = """{"model_type":"qwen3","architectures":["Qwen3ForCausalLM"],"vocab_size":11,"hidden_size":4,"intermediate_size":6,"num_hidden_layers":1,"num_attention_heads":1,"num_key_value_heads":1,"head_dim":2,"rms_norm_eps":1e-6,"rope_theta":10000.0,"tie_word_embeddings":false}""";

    /// <summary>
    /// A one-layer, one-head Qwen3 with head_dim 2 and the value projection zero except one entry, so the attention
    /// output at position 1 is a softmax-weighted mix of two numbers whose weights depend only on q·k after q_norm,
    /// k_norm and rotary. Computed by hand below from the chosen embeddings and projections.
    /// </summary>
    [Fact]
    public void Qwen3NormalisesEachQueryAndKeyHeadBeforeRotary()
    {
        using var scope = torch.NewDisposeScope();
        using var model = (CausalLanguageModel)ArchitectureCatalog.Create(HfConfig.Parse(Qwen3OneLayer, "qwen3/config.json"));
        var body = (LlamaModel)model.Body;
        var attention = body.layers[0].self_attn;
        Assert.NotNull(attention.q_norm);
        Assert.Null(attention.q_proj.bias);  // Qwen2's q/k/v biases are gone
        using (torch.no_grad())
        {
            // Token 1 embeds as (1, 0, 0, 0), token 2 as (0, 1, 0, 0); the input norm is then x·2 (rms = 1/2).
            var embedding = new float[11 * 4];
            embedding[1 * 4 + 0] = 1;
            embedding[2 * 4 + 1] = 1;
            body.embed_tokens.weight.copy_(torch.tensor(embedding, 11, 4));
            // q = (3x₀, x₁)·2 and k = (x₀, 2x₁)·2: scaled copies, so only q_norm / k_norm make them unit-rms.
            attention.q_proj.weight.copy_(torch.tensor(new float[] { 3, 0, 0, 0, 0, 1, 0, 0 }, 2, 4));
            attention.k_proj.weight.copy_(torch.tensor(new float[] { 1, 0, 0, 0, 0, 2, 0, 0 }, 2, 4));
            // v = (x₀·2, 0): token 1 carries value 2, token 2 value 0; o_proj copies feature 0 to hidden 0.
            attention.v_proj.weight.copy_(torch.tensor(new float[] { 1, 0, 0, 0, 0, 0, 0, 0 }, 2, 4));
            attention.o_proj.weight.copy_(torch.tensor(new float[] { 1, 0, 0, 0, 0, 0, 0, 0 }, 4, 2));
            attention.q_norm!.weight.copy_(torch.tensor(new float[] { 1, 0.5f }, 2));
            attention.k_norm!.weight.copy_(torch.tensor(new float[] { 2, 1 }, 2));
        }
        var hidden = body.embed_tokens.forward(torch.tensor(new long[] { 1, 2 }, 1, 2));
        using var context = body.Prepare(torch.tensor(new long[] { 1, 2 }, 1, 2), null, null, null);
        var normed = body.layers[0].input_layernorm.forward(hidden);
        using var noGrad = torch.no_grad();
        var output = attention.forward(normed, context, 0).data<float>();

        // Position 0 (token 1): q = (6, 0) → rms-normed (√2, 0) · (1, ½) = (√2, 0); k = (2, 0) → (√2, 0) · (2, 1) = (2√2, 0).
        // Position 1 (token 2): q = (0, 2) → (0, √2) · (1, ½) = (0, √2/2); k = (0, 4) → (0, √2) · (2, 1) = (0, √2).
        // Rotary with head_dim 2 turns position p by angle p (θ^0 = 1): q₁ = (−sin 1, cos 1)·√2/2, k₀ unrotated, k₁ = (−sin 1, cos 1)·√2.
        var q1 = new[] { -Math.Sin(1) * Math.Sqrt(2) / 2, Math.Cos(1) * Math.Sqrt(2) / 2 };
        var k0 = new[] { 2 * Math.Sqrt(2), 0.0 };
        var k1 = new[] { -Math.Sin(1) * Math.Sqrt(2), Math.Cos(1) * Math.Sqrt(2) };
        var s0 = (q1[0] * k0[0] + q1[1] * k0[1]) / Math.Sqrt(2);
        var s1 = (q1[0] * k1[0] + q1[1] * k1[1]) / Math.Sqrt(2);
        var weightOfToken1 = Math.Exp(s0) / (Math.Exp(s0) + Math.Exp(s1));
        // The value of token 1 is its normed embedding's feature 0, 2; token 2's is 0.
        Assert.Equal(2 * weightOfToken1, output[4 + 0], 5);
        Assert.Equal(2.0, output[0], 5);  // position 0 attends only to itself
        // Without q_norm the same weights would give another number: the test would see a missing norm.
        Assert.True(Math.Abs(2 * weightOfToken1 - 2 * 0.5) > 0.05);
    }

    [Fact]
    public void Qwen3CheckpointWithoutQkNormsIsRefusedNamingThem()
    {
        using var model = ArchitectureCatalog.Create(HfConfig.Parse(Qwen3OneLayer, "qwen3/config.json"));
        HfCheckpoint.Save(model, _folder);
        var path = Path.Combine(_folder, "model.safetensors");
        Dictionary<string, Tensor> kept;
        using (var file = SafeTensorsFile.Open(path))
        {
            kept = file.Names.Where(n => !n.Contains("_norm.weight") || n.Contains("layernorm")).ToDictionary(n => n, n => file.Load(n));
            SafeTensorsWriter.Save(path + ".new", kept, new Dictionary<string, string> { ["format"] = "pt" });
        }
        File.Move(path + ".new", path, overwrite: true);
        foreach (var strict in new[] { true, false })
        {
            var error = Assert.Throws<CheckpointException>(() => HfCheckpoint.Load(_folder, strict: strict));
            Assert.Contains("'model.layers.0.self_attn.q_norm.weight'", error.Message);
            Assert.Contains("'model.layers.0.self_attn.k_norm.weight'", error.Message);
        }
    }

    [Theory]
    [InlineData("longrope")]
    [InlineData("su")]
    [InlineData("yarn")]
    public void Phi3RopeScalingThatIsNotImplementedIsRefusedNamingTheType(string type)
    {
        var config = HfConfig.Parse(TinyModels.Configs["phi3"], "phi3/config.json");
        config.Json["rope_scaling"] = new System.Text.Json.Nodes.JsonObject { ["type"] = type, ["short_factor"] = new System.Text.Json.Nodes.JsonArray(1.0, 1.0), ["long_factor"] = new System.Text.Json.Nodes.JsonArray(1.0, 1.0) };
        var error = Assert.Throws<ModelConfigException>(() => ArchitectureCatalog.Create(config));
        Assert.Equal("rope_scaling", error.Key);
        Assert.Contains($"'{type}'", error.Message);
        Assert.Contains("phi3/config.json", error.Message);
    }

    [Fact]
    public void UnknownModelTypeListsEveryTypeTheCatalogueBuilds()
    {
        var error = Assert.Throws<ModelConfigException>(() => ArchitectureCatalog.Create(HfConfig.Parse("""{"model_type":"mamba"}""", "m/config.json")));
        var listed = error.Message[(error.Message.IndexOf("supported: ", StringComparison.Ordinal) + "supported: ".Length)..].Split(", ");
        Assert.Equal(ArchitectureCatalog.ModelTypes.OrderBy(t => t), listed.OrderBy(t => t));
        foreach (var type in new[] { "gemma2", "phi3", "qwen3" }) Assert.Contains(type, listed);
    }
}
