using System.Text.Json;
using System.Text.Json.Nodes;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Lora;
using Halos.Torch;
using Halos.Torch.SafeTensors;
using Halos.Trainers.Tests.Support;

namespace Halos.Trainers.Tests;

/// <summary>Whole LoRA runs on the shared loop: DPO against the adapters-off policy, and a reward model whose score head trains in full.</summary>
public class LoraTrainingEndToEndTests
{
    private static float MaxDifference(Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return (a - b).abs().max().item<float>();
    }

    [Fact]
    public void LoraDpoLearnsAndSavesAMergedModelEqualToBasePlusAdapter()
    {
        using var run = new TrainerRun("dpo", CopyTask.Paired(64));
        run.LossParameters["beta"] = "0.5";
        run.Settings["Training:LearningRate"] = "0.01";
        run.Settings["Model:Lora:Rank"] = "8";
        run.Settings["Model:Lora:Alpha"] = "16";
        run.Settings["Model:Lora:TargetModules"] = "all-linear";
        var outcome = run.Run();

        Assert.Equal(Math.Log(2), run.Sink.Train("loss").First(), 4);  // B = 0: the policy starts equal to its reference
        var (first, last) = run.Trend("loss");
        Assert.True(last < 0.8 * first, $"lora dpo loss {first:F3} -> {last:F3}");

        var final = outcome.CheckpointPath!;
        var adapter = Path.Combine(final, LoraCheckpoint.AdapterFolder);
        Assert.True(File.Exists(Path.Combine(adapter, PeftAdapterFolder.ConfigFile)));
        Assert.False(File.Exists(Path.Combine(final, PeftAdapterFolder.ConfigFile)));  // else transformers would load the folder as an adapter
        using (var weights = SafeTensorsFile.Open(Path.Combine(final, "model.safetensors")))
            Assert.DoesNotContain(weights.Names, n => n.Contains("lora"));

        using var scope = torch.NewDisposeScope();
        var ids = torch.tensor(new long[] { 5, 9, 12, 7, 3, 20, 11, 4 }, 2, 4);
        using var noGrad = torch.no_grad();
        using var merged = (CausalLanguageModel)HfCheckpoint.Load(final);
        using var baseModel = (CausalLanguageModel)HfCheckpoint.Load(run.Settings["Model:Checkpoint"]!);
        merged.eval();
        baseModel.eval();
        var baseLogits = baseModel.forward(ids);
        PeftAdapterFolder.Load(baseModel, adapter);
        var mergedLogits = merged.forward(ids);
        Assert.InRange(MaxDifference(mergedLogits, baseModel.forward(ids)), 0, 1e-5f);
        Assert.True(MaxDifference(mergedLogits, baseLogits) > 1e-2f, "training changed nothing");
    }

    [Fact]
    public void LoraRewardModelTrainsItsScoreHeadInFull()
    {
        using var run = new TrainerRun("bradley_terry", CopyTask.Paired(64));
        run.Settings["Training:LearningRate"] = "0.01";
        run.Settings["Model:Lora:TargetModules"] = "c_attn";
        var outcome = run.Run();
        var (first, last) = run.Trend("loss");
        Assert.True(last < 0.8 * first, $"lora reward loss {first:F3} -> {last:F3}");

        var adapter = Path.Combine(outcome.CheckpointPath!, LoraCheckpoint.AdapterFolder);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(adapter, PeftAdapterFolder.ConfigFile)))!;
        Assert.Equal("SEQ_CLS", (string?)config["task_type"]);
        Assert.Equal(["score"], config["modules_to_save"]!.AsArray().Select(n => (string)n!));
        using var weights = SafeTensorsFile.Open(Path.Combine(adapter, PeftAdapterFolder.WeightsFile));
        Assert.Contains("base_model.model.score.weight", weights.Names);
        Assert.Contains("base_model.model.transformer.h.1.attn.c_attn.lora_B.weight", weights.Names);
    }

    [SkippableFact]
    public void HalosTrainTakesModelLoraFromTheCommandLine()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine("losses"));
        File.Copy(Path.Combine(TrainerRun.RepoRoot, "losses", "dpo.csx"), folder.Combine("losses", "dpo.csx"));
        TinyCheckpoint.Write(folder.Combine("tiny"));
        File.WriteAllLines(folder.Combine("train.jsonl"), Enumerable.Range(0, 16).Select(i =>
            JsonSerializer.Serialize(new { prompt = $"{(char)('a' + i % 8)}=", chosen = new string((char)('a' + i % 8), 3), rejected = "hhh" })));
        string[] common =
        [
            "train", "--root", folder.Path, "--quiet", "--Training:Trainer=auto", "--Model:Plugin=transformers", "--Model:Checkpoint=tiny", "--Data:Loader=trl-preference",
            "--Data:Train=train.jsonl", "--Loss:Script=dpo", "--Training:BatchSize=8", "--Training:MaxSteps=2", "--Data:MaxLength=32",
            "--Training:OutputDir=run", "--Training:LoopOptions:Precision=float32", "--Model:Lora:TargetModules=c_attn,c_proj",
        ];
        var (code, output, error) = HalosProcess.Run(folder.Path, [.. common, "--Model:Lora:Rank=4"]);
        Assert.True(code == 0, $"exit {code}\n{error}\n{output}");
        var config = JsonNode.Parse(File.ReadAllText(folder.Combine("run", "final", LoraCheckpoint.AdapterFolder, PeftAdapterFolder.ConfigFile)))!;
        Assert.Equal(4, (int)config["r"]!);

        (code, output, error) = HalosProcess.Run(folder.Path, [.. common, "--Model:Lora:Rnak=4"]);
        Assert.NotEqual(0, code);
        Assert.Contains("Model:Lora:Rnak: unknown key", error + output);
    }
}
