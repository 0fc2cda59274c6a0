using Halos.Abstractions.Models;
using Halos.Models.Lora;
using Halos.Models.Plugin;
using Halos.Torch;
using Microsoft.Extensions.Configuration;

namespace Halos.Models.Tests.Lora;

public class LoraSettingsTests
{
    private static IConfiguration Section(params (string key, string value)[] entries) =>
        new ConfigurationBuilder().AddInMemoryCollection(entries.ToDictionary(e => "Model:Lora:" + e.key, e => (string?)e.value)).Build().GetSection("Model:Lora");

    [Fact]
    public void ReadsModelLoraWithListsOrCommaSeparatedNames()
    {
        var settings = LoraSettings.FromConfiguration(Section(("Rank", "16"), ("Alpha", "32"), ("Dropout", "0.1"), ("TargetModules", "q_proj, k_proj,v_proj"),
            ("ModulesToSave:0", "score")))!;
        Assert.Equal((16, 32.0, 0.1), (settings.Rank, settings.Alpha, settings.Dropout));
        Assert.Equal(["q_proj", "k_proj", "v_proj"], settings.TargetModules);
        Assert.Equal(["score"], settings.ModulesToSave);
        Assert.Equal(2.0, settings.Scaling);
        Assert.Equal(8.0, (settings with { UseRsLora = true }).Scaling);  // 32 / √16
        Assert.Null(LoraSettings.FromConfiguration(Section()));
    }

    [Theory]
    [InlineData("Rnak", "8", "Model:Lora:Rnak: unknown key")]
    [InlineData("Rank", "0", "Model:Lora: Rank (r) must be at least 1, got 0")]
    [InlineData("Rank", "eight", "Model:Lora:Rank: 'eight' is not an integer")]
    [InlineData("Dropout", "1.5", "Model:Lora: Dropout (lora_dropout) must be in [0, 1), got 1.5")]
    public void BadSettingsNameTheKey(string key, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => LoraSettings.FromConfiguration(Section((key, value))));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void ThePluginAdaptsARewardModelAndTrainsItsScoreHeadInFull()
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Config:vocab_size"] = "50", ["Config:hidden_size"] = "16", ["Config:intermediate_size"] = "24", ["Config:num_hidden_layers"] = "1",
            ["Config:num_attention_heads"] = "2", ["Config:num_key_value_heads"] = "1",
        }).Build();
        var spec = new ModelSpec("llama", null, ScalarType.Float32, Device.CPU, options) { Lora = Section(("TargetModules", "all-linear")) };
        var plugin = new TransformersModelBuilder();
        using var reward = plugin.Build(spec, ModelRole.Reward);
        var lora = LoraModel.Of(reward)!;
        Assert.Equal(["score"], lora.Settings.ModulesToSave);
        Assert.Equal(7, lora.Adapted.Count);  // q, k, v, o, gate, up, down of the one layer
        var trainable = reward.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();
        Assert.Contains("score.weight", trainable);
        Assert.All(trainable, n => Assert.True(n == "score.weight" || n.Contains(".lora.lora_"), n));

        using var reference = plugin.Build(spec, ModelRole.Reference);  // never adapted
        Assert.Null(LoraModel.Of(reference));

        using var defaults = plugin.Build(spec with { Lora = Section(("Rank", "2")) }, ModelRole.Policy);  // PEFT's llama default: q_proj, v_proj
        Assert.Equal(["model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.v_proj"], LoraModel.Of(defaults)!.Adapted.Select(a => a.name));

        var bad = Assert.Throws<ModelSpecException>(() => plugin.Build(spec with { Lora = Section(("TargetModules", "c_attn")) }, ModelRole.Policy));
        Assert.Contains("c_attn match no linear layer", bad.Message);
    }
}
