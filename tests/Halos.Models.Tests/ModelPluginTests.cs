using Halos.Abstractions.Models;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Plugin;
using Halos.Torch;
using Microsoft.Extensions.Configuration;

namespace Halos.Models.Tests;

public class ModelPluginTests : IDisposable
{
    private readonly string _folder = TinyModels.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IConfiguration Options(params (string key, string value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.key, p.value))).Build();

    [Fact]
    public void BuildsPolicyReferenceAndRewardModulesFromACheckpoint()
    {
        using var scope = torch.NewDisposeScope();
        using var lm = TinyModels.Causal("llama_gqa");
        HfCheckpoint.Save(lm, _folder);
        var plugin = new TransformersModelBuilder();
        var spec = new ModelSpec(null, _folder, ScalarType.Float32, Device.CPU, Options(("GradientCheckpointing", "true")));

        using var policy = plugin.Build(spec, ModelRole.Policy);
        Assert.True(policy.training);
        Assert.True(((CausalLanguageModel)policy).GradientCheckpointing);
        using var reference = plugin.Build(spec, ModelRole.Reference);
        Assert.False(reference.training);
        Assert.All(reference.parameters(), p => Assert.False(p.requires_grad));

        var ids = TinyModels.RandomIds(2, 5);
        var mask = torch.ones([2, 5], ScalarType.Int64);
        using var noGrad = torch.no_grad();
        Assert.Equal(0f, TinyModels.MaxAbsDifference(lm.forward(ids), ((ICausalLanguageModel)reference).Logits(ids, mask)));

        using var reward = plugin.Build(spec, ModelRole.Reward);
        Assert.Equal([2L], ((ISequenceScorer)reward).Scores(ids, mask).shape);
    }

    [Fact]
    public void BuildsAnArchitectureFromScratchAndReportsBadSpecs()
    {
        var plugin = new TransformersModelBuilder();
        var spec = new ModelSpec("gpt2", null, ScalarType.Float32, Device.CPU, Options(
            ("Config:vocab_size", "50"), ("Config:n_positions", "32"), ("Config:n_embd", "16"), ("Config:n_layer", "1"), ("Config:n_head", "2")));
        using (var model = plugin.Build(spec, ModelRole.Policy))
            Assert.Equal(50 * 16 + 32 * 16, model.named_parameters().Where(p => p.name.Contains("wte") || p.name.Contains("wpe")).Sum(p => p.parameter.numel()));

        var unknown = Assert.Throws<ModelSpecException>(() => plugin.Build(spec with { Architecture = "rwkv" }, ModelRole.Policy));
        Assert.Contains("'rwkv'", unknown.Message);
        var missingKey = Assert.Throws<ModelSpecException>(() => plugin.Build(spec with { Options = Options(("Config:n_embd", "16")) }, ModelRole.Policy));
        Assert.Contains("Model:Options:Config: key 'n_head': the key is missing", missingKey.Message);
        var badFlag = Assert.Throws<ModelSpecException>(() => plugin.Build(spec with { Options = Options(("KeepDropout", "maybe")) }, ModelRole.Policy));
        Assert.Contains("KeepDropout", badFlag.Message);
        var noFolder = Assert.Throws<ModelSpecException>(() => plugin.Build(spec with { Architecture = null, Checkpoint = Path.Combine(_folder, "none") }, ModelRole.Policy));
        Assert.Contains("the model folder does not exist", noFolder.Message);
    }

    [Fact]
    public void ARewardModelStartsFromAnEncoderWithOtherHeadsButNotFromABrokenBody()
    {
        using (var bert = TinyModels.Create("bert_seqcls"))
        {
            var state = bert.state_dict();
            state.Remove("classifier.weight");
            state.Remove("classifier.bias");
            state["cls.predictions.bias"] = torch.zeros(97);
            HfCheckpoint.Save(bert, _folder);
            Halos.Torch.SafeTensors.SafeTensorsWriter.Save(Path.Combine(_folder, "model.safetensors"), state);
        }
        var plugin = new TransformersModelBuilder();
        var spec = new ModelSpec(null, _folder, ScalarType.Float32, Device.CPU, Options());
        using (var reward = plugin.Build(spec, ModelRole.Reward))
            Assert.Contains(reward.named_parameters(), p => p.name == "classifier.weight");

        using (var bert = TinyModels.Create("bert_seqcls"))
        {
            var state = bert.state_dict();
            state.Remove("bert.pooler.dense.bias");
            Halos.Torch.SafeTensors.SafeTensorsWriter.Save(Path.Combine(_folder, "model.safetensors"), state);
        }
        var e = Assert.Throws<ModelSpecException>(() => plugin.Build(spec, ModelRole.Reward));
        Assert.Contains("bert.pooler.dense.bias", e.Message);
    }
}
