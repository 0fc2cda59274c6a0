using System.Text.Json.Nodes;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Lora;
using Halos.Torch;
using Halos.Torch.Optim;
using Halos.Torch.SafeTensors;

namespace Halos.Models.Tests.Lora;

public class LoraTests
{
    private static readonly LoraSettings QueryValue = new() { Rank = 4, Alpha = 8, TargetModules = ["q_proj", "v_proj"] };

    /// <summary>Gives every lora_B a random value, as training would, so the adapters change the output.</summary>
    private static void PerturbAdapters(LoraModel lora, ulong seed = 3)
    {
        torch.manual_seed(seed);
        using var noGrad = torch.no_grad();
        foreach (var (_, projection) in lora.Adapted)
        {
            using var noise = torch.randn(LoraModel.AdapterOf(projection).lora_B.weight.shape) * 0.2;
            LoraModel.AdapterOf(projection).lora_B.weight.copy_(noise);
        }
    }

    private static Dictionary<string, float[]> Snapshot(TransformerModel model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to(ScalarType.Float32).data<float>());

    [Fact]
    public void AdaptersStartAsTheIdentityWithPeftInitialisation()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("llama_gqa");
        var ids = TinyModels.RandomIds(2, 7);
        using var noGrad = torch.no_grad();
        var before = model.forward(ids);
        var lora = LoraModel.Apply(model, QueryValue);

        Assert.Equal(4, lora.Adapted.Count);  // 2 layers × (q_proj, v_proj)
        Assert.Equal(0f, TinyModels.MaxAbsDifference(before, model.forward(ids)));
        var adapter = LoraModel.AdapterOf(lora.Adapted[0].projection);
        Assert.Equal(2.0, adapter.Scaling);
        Assert.Equal([4L, 32L], adapter.lora_A.weight.shape);
        // kaiming_uniform(a=√5) on [r, in] is U(-1/√in, 1/√in): bounded, and not all zero.
        var a = adapter.lora_A.weight.data<float>();
        Assert.All(a, v => Assert.InRange(Math.Abs(v), 0, 1 / Math.Sqrt(32) + 1e-7));
        Assert.True(a.Max() - a.Min() > 0.1);
        Assert.All(adapter.lora_B.weight.data<float>(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void TargetsFollowPeftNameMatchingAndAllLinearSkipsTheHead()
    {
        using var model = TinyModels.Causal("llama_gqa");
        var lora = LoraModel.Apply(model, QueryValue with { TargetModules = [LoraSettings.AllLinear] });
        Assert.Equal(2 * 7, lora.Adapted.Count);
        Assert.DoesNotContain(lora.Adapted, a => a.name == "lm_head");

        using var other = TinyModels.Causal("llama_gqa");
        // "proj" is no module's name nor a dotted suffix of one: PEFT matches whole name segments.
        var error = Assert.Throws<ArgumentException>(() => LoraModel.Apply(other, QueryValue with { TargetModules = ["proj"] }, "profile.json"));
        Assert.Contains("profile.json", error.Message);
        Assert.Contains("proj match no linear layer", error.Message);
        Assert.Contains("q_proj", error.Message);
        Assert.Throws<ArgumentException>(() => LoraModel.Apply(other, QueryValue with { ModulesToSave = ["nothing_here"] }));
    }

    [Fact]
    public void TrainingChangesOnlyTheAdaptersAndModulesToSave()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Create("llama_seqcls");
        var lora = LoraModel.Apply(model, new LoraSettings { Rank = 2, Alpha = 4, TargetModules = [LoraSettings.AllLinear], ModulesToSave = ["score"] });
        model.train();
        var before = Snapshot(model);
        var trainable = model.parameters().Where(p => p.requires_grad).ToList();
        Assert.Equal(lora.TrainableParameters().Count(), trainable.Count);
        using var optimizer = new AdamW(trainable, lr: 1e-2);
        var ids = TinyModels.RandomIds(3, 6);
        var mask = torch.ones([3, 6], ScalarType.Int64);
        for (var step = 0; step < 3; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var scores = ((SequenceClassifier)model).Scores(ids, mask);
            (scores * scores).sum().backward();
            optimizer.step();
        }
        var after = Snapshot(model);
        var trainableNames = lora.TrainableParameters().Select(p => p.name).ToHashSet();
        Assert.Contains("score.weight", trainableNames);
        foreach (var (name, values) in after)
        {
            var changed = !values.SequenceEqual(before[name]);
            if (trainableNames.Contains(name)) Assert.True(changed || name.Contains("lora_A"), $"{name} should have trained");
            else Assert.False(changed, $"{name} is a base weight and must not change");
        }
        Assert.Contains(after, p => p.Key.EndsWith("lora_B.weight") && !p.Value.SequenceEqual(before[p.Key]));
    }

    [Fact]
    public void TheDisabledScopeIsExactlyTheBaseModel()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("mistral");
        var ids = TinyModels.RandomIds(2, 6);
        using var noGrad = torch.no_grad();
        var baseLogits = model.forward(ids);
        var lora = LoraModel.Apply(model, QueryValue);
        PerturbAdapters(lora);
        var adapted = model.forward(ids);
        Assert.True(TinyModels.MaxAbsDifference(baseLogits, adapted) > 1e-3);
        using (lora.Disabled())
        {
            Assert.Equal(0f, TinyModels.MaxAbsDifference(baseLogits, model.forward(ids)));
            using (model.DisableAdapters()) Assert.Equal(0f, TinyModels.MaxAbsDifference(baseLogits, model.forward(ids)));
            Assert.Equal(0f, TinyModels.MaxAbsDifference(baseLogits, model.forward(ids)));  // nested scope restored "off"
        }
        Assert.Equal(0f, TinyModels.MaxAbsDifference(adapted, model.forward(ids)));
    }

    [Theory]
    [InlineData("gpt2", "c_attn")]          // Conv1D: fan_in_fan_out, the delta is transposed
    [InlineData("llama_gqa", "all-linear")]
    [InlineData("neox_parallel", "query_key_value")]
    public void TheMergedCheckpointEqualsTheAdaptedForward(string name, string target)
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal(name);
        var lora = LoraModel.Apply(model, new LoraSettings { Rank = 3, Alpha = 6, TargetModules = [target] });
        PerturbAdapters(lora);
        var ids = TinyModels.RandomIds(2, 6);
        using var noGrad = torch.no_grad();
        var adapted = model.forward(ids);

        var folder = TinyModels.TempFolder();
        var merged = lora.MergedStateDict();
        Assert.DoesNotContain(merged.Keys, k => k.Contains("lora"));
        HfCheckpoint.Save(model, merged, folder);
        foreach (var t in merged.Values) t.Dispose();

        using var reloaded = (CausalLanguageModel)HfCheckpoint.Load(folder);
        reloaded.eval();
        Assert.InRange(TinyModels.MaxAbsDifference(adapted, reloaded.forward(ids)), 0, 1e-5);
        // The live model is unchanged by the merge: its base is still the base.
        using (lora.Disabled()) Assert.True(TinyModels.MaxAbsDifference(adapted, model.forward(ids)) > 1e-3);
    }

    [Fact]
    public void PeftSaveThenLoadGivesIdenticalOutputsAndPeftNames()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Create("llama_seqcls");
        var lora = LoraModel.Apply(model, new LoraSettings { Rank = 2, Alpha = 16, Dropout = 0.05, TargetModules = ["q_proj", "v_proj"], ModulesToSave = ["score"] });
        PerturbAdapters(lora);
        using (torch.no_grad()) model.named_parameters().Single(p => p.name == "score.weight").parameter.add_(0.5);
        model.eval();
        var ids = TinyModels.RandomIds(2, 6);
        var mask = torch.ones([2, 6], ScalarType.Int64);
        using var noGrad = torch.no_grad();
        var scores = ((SequenceClassifier)model).Scores(ids, mask);

        var folder = TinyModels.TempFolder();
        PeftAdapterFolder.Save(lora, folder, "tiny/llama-seqcls");

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "adapter_config.json")))!.AsObject();
        Assert.Equal("LORA", (string?)config["peft_type"]);
        Assert.Equal("SEQ_CLS", (string?)config["task_type"]);
        Assert.Equal("tiny/llama-seqcls", (string?)config["base_model_name_or_path"]);
        Assert.Equal(2, (int)config["r"]!);
        Assert.Equal(16.0, (double)config["lora_alpha"]!);
        Assert.Equal(0.05, (double)config["lora_dropout"]!);
        Assert.Equal("none", (string?)config["bias"]);
        Assert.Equal(["q_proj", "v_proj"], config["target_modules"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["score"], config["modules_to_save"]!.AsArray().Select(n => (string)n!));
        using (var file = SafeTensorsFile.Open(Path.Combine(folder, "adapter_model.safetensors")))
        {
            Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", file.Names);
            Assert.Contains("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight", file.Names);
            Assert.Contains("base_model.model.score.weight", file.Names);
            Assert.Equal(2 * 2 * 2 + 1, file.Names.Count);
            Assert.Equal([2L, 32L], file.Info("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").Shape.ToArray());
        }

        using var fresh = TinyModels.Create("llama_seqcls");  // same seed: the same base weights
        var loaded = PeftAdapterFolder.Load(fresh, folder);
        fresh.eval();
        Assert.Equal((2, 16.0, 0.05), (loaded.Settings.Rank, loaded.Settings.Alpha, loaded.Settings.Dropout));
        Assert.Equal(["score"], loaded.Settings.ModulesToSave);
        Assert.Equal(0f, TinyModels.MaxAbsDifference(scores, ((SequenceClassifier)fresh).Scores(ids, mask)));
    }

    [Fact]
    public void ABadAdapterFolderIsAnErrorNamingTheFileAndTensor()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("llama_gqa");
        var lora = LoraModel.Apply(model, QueryValue);
        var folder = TinyModels.TempFolder();
        PeftAdapterFolder.Save(lora, folder);

        // A rank that disagrees with the tensors.
        var configPath = Path.Combine(folder, "adapter_config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["r"] = 5;
        File.WriteAllText(configPath, config.ToJsonString());
        using var other = TinyModels.Causal("llama_gqa");
        var error = Assert.Throws<CheckpointException>(() => PeftAdapterFolder.Load(other, folder));
        Assert.EndsWith("adapter_model.safetensors", error.Path);
        Assert.Equal("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", error.TensorName);

        config["r"] = 4;
        config["peft_type"] = "IA3";
        File.WriteAllText(configPath, config.ToJsonString());
        using var third = TinyModels.Causal("llama_gqa");
        var wrongType = Assert.Throws<CheckpointException>(() => PeftAdapterFolder.Load(third, folder));
        Assert.Contains("adapter_config.json: peft_type is 'IA3', expected 'LORA'", wrongType.Message);
    }
}
