using Halos.Abstractions.Models;
using Halos.Abstractions.Running;
using Halos.Abstractions.Training;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Torch;
using Halos.Torch.SafeTensors;
using Halos.Trainers.PolicyGradient;
using Halos.Trainers.Tests.Support;
using Halos.Trainers.Trainers;
using Halos.Training.Setup;

namespace Halos.Trainers.Tests;

/// <summary>
/// A PPO policy's checkpoint folder carries its value head (<c>v_head.summary.*</c>): a run that loads the folder as
/// <c>Model:Checkpoint</c> (halos eval, or PPO continued from it) starts from that head, as TRL's
/// AutoModelForCausalLMWithValueHead.from_pretrained does; a folder without one gets the seeded fresh head.
/// </summary>
public class ValueHeadCheckpointTests
{
    private const string Weight = "v_head.summary.weight", Bias = "v_head.summary.bias";

    /// <summary>A PPO run of a few steps on the copy task, with eval data; its final checkpoint folder holds the trained head.</summary>
    private static TrainerRun TrainedPpo(out RunOutcome outcome)
    {
        var run = new TrainerRun("ppo", CopyTask.Unpaired(32), CopyTask.Unpaired(16));
        run.Settings["Training:MaxSteps"] = "8";
        outcome = run.Run();
        return run;
    }

    private static Dictionary<string, float[]> Tensors(string file, Func<string, bool> which)
    {
        using var safe = SafeTensorsFile.Open(file);
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var name in safe.Names.Where(which))
        {
            using var t = safe.Load(name);
            result[name] = t.contiguous().data<float>().ToArray();
        }
        return result;
    }

    private static float[] Values(Tensor t) => t.detach().contiguous().data<float>().ToArray();

    /// <summary>The head the unpaired trainer's Prepare attaches to a policy built from <paramref name="checkpoint"/>, as the run loop calls it.</summary>
    private static (float[] Weight, float[] Bias, string? From) PreparedHead(TrainerRun run, string checkpoint, bool tellCheckpoint = true)
    {
        run.Settings["Model:Checkpoint"] = checkpoint;
        var plan = run.Plan();
        using var components = RunComponents.Build(plan, run.LoopOptions);
        Assert.Equal(Path.GetFullPath(checkpoint), components.Spec.Checkpoint);
        new UnpairedTrainer().Prepare(new TrainerPreparation(RunMode.Train, components.Modules, components.Loss, run.Loader.Sets["train"],
            new CollateOptions(plan.Data.MaxLength), plan.Training, run.Root) { PolicyCheckpoint = tellCheckpoint ? components.Spec.Checkpoint : null });
        var head = ValueHead.Of(components.Modules.Policy)!;
        Assert.Equal(ScalarType.Float32, head.Summary.weight.dtype);
        Assert.True(head.Summary.weight.requires_grad);
        return (Values(head.Summary.weight), Values(head.Summary.bias!), head.FromCheckpoint);
    }

    /// <summary>A copy of <paramref name="folder"/> whose model.safetensors has its head tensors replaced by <paramref name="head"/> (none: removed).</summary>
    private static string CopyWithHead(string folder, string into, Dictionary<string, Tensor>? head)
    {
        Directory.CreateDirectory(into);
        foreach (var file in Directory.GetFiles(folder)) File.Copy(file, Path.Combine(into, Path.GetFileName(file)));
        var path = Path.Combine(into, "model.safetensors");
        Dictionary<string, Tensor> all;
        using (var safe = SafeTensorsFile.Open(path)) all = safe.LoadAll();
        try
        {
            var kept = all.Where(kv => !kv.Key.StartsWith("v_head.")).ToDictionary(kv => kv.Key, kv => kv.Value);
            foreach (var (name, tensor) in head ?? []) kept[name] = tensor;
            SafeTensorsWriter.Save(path, kept, new Dictionary<string, string> { ["format"] = "pt" });
        }
        finally
        {
            foreach (var t in all.Values) t.Dispose();
        }
        return into;
    }

    [Fact]
    public void PreparingFromASavedPpoFolderLoadsItsTrainedHeadAndAPlainCausalLmGetsTheSeededOne()
    {
        using var run = TrainedPpo(out var outcome);
        var start = run.Settings["Model:Checkpoint"]!;
        var final = outcome.CheckpointPath!;
        var saved = Tensors(Path.Combine(final, "model.safetensors"), n => n.StartsWith("v_head."));
        Assert.Equal([Bias, Weight], saved.Keys.Order());

        var loaded = PreparedHead(run, final);
        Assert.Equal(Path.GetFullPath(final), loaded.From);
        Assert.Equal(saved[Weight], loaded.Weight);  // bit for bit
        Assert.Equal(saved[Bias], loaded.Bias);

        // The seeded fresh head: what a plain causal LM (the starting checkpoint, no v_head tensors) gets, and what the
        // saved folder would give without its head. Training moved the head away from it.
        var seeded = PreparedHead(run, start);
        Assert.Null(seeded.From);
        var ignored = PreparedHead(run, final, tellCheckpoint: false);
        Assert.Equal(seeded.Weight, ignored.Weight);
        Assert.Equal(seeded.Bias, ignored.Bias);
        var moved = seeded.Weight.Zip(loaded.Weight, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(moved > 1e-3, $"the trained head differs from the seeded one by at most {moved}");
        Assert.NotEqual(seeded.Bias[0], loaded.Bias[0]);
    }

    [Fact]
    public void EvaluatingTheSavedPolicyGivesTheCriticLossTheTrainedHeadHadAtTheEndOfTraining()
    {
        using var run = TrainedPpo(out var outcome);
        var final = outcome.CheckpointPath!;
        // The loop evaluates after the last step, with the head as it was saved.
        var trained = outcome.Metrics["eval_critic_loss"];

        run.Settings["Model:Checkpoint"] = final;
        var evaluation = run.Run(RunMode.Eval);
        var reloaded = evaluation.Metrics["critic_loss"];

        // The same folder without its head: halos eval as it was before, with the seeded fresh head.
        run.Settings["Model:Checkpoint"] = CopyWithHead(final, Path.Combine(run.Root, "headless"), null);
        var fresh = run.Run(RunMode.Eval).Metrics["critic_loss"];
        Console.WriteLine($"eval critic loss: end of training {trained:F6}, saved head reloaded {reloaded:F6}, fresh head {fresh:F6}");

        Assert.True(Math.Abs(trained - reloaded) <= 1e-5 * Math.Max(1, Math.Abs(trained)), $"trained {trained}, reloaded {reloaded}");
        Assert.True(Math.Abs(fresh - trained) > 1e-3, $"a fresh head gives {fresh}, the trained head {trained}: the check above could not fail");
    }

    [Fact]
    public void AHeadFromAShardedCheckpointLoadsFromTheShardTheIndexNames()
    {
        using var run = TrainedPpo(out var outcome);
        var final = outcome.CheckpointPath!;
        var saved = Tensors(Path.Combine(final, "model.safetensors"), n => n.StartsWith("v_head."));

        // Re-save the whole state (head included) in small shards, as a sharded PPO save would be.
        var sharded = Path.Combine(run.Root, "sharded");
        Dictionary<string, Tensor> state;
        using (var safe = SafeTensorsFile.Open(Path.Combine(final, "model.safetensors"))) state = safe.LoadAll();
        try
        {
            using var model = HfCheckpoint.Load(final);
            HfCheckpoint.Save(model, state, sharded, maxShardBytes: 40_000);
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }
        foreach (var file in Directory.GetFiles(final).Where(f => !Path.GetFileName(f).StartsWith("model") && Path.GetFileName(f) != HfCheckpoint.ConfigFile))
            File.Copy(file, Path.Combine(sharded, Path.GetFileName(file)));  // tokenizer files
        Assert.True(File.Exists(Path.Combine(sharded, CheckpointFiles.IndexFile)));
        Assert.False(File.Exists(Path.Combine(sharded, CheckpointFiles.SingleFile)));
        Assert.True(Directory.GetFiles(sharded, "model-*-of-*.safetensors").Length > 1);

        var loaded = PreparedHead(run, sharded);
        Assert.Equal(Path.GetFullPath(sharded), loaded.From);
        Assert.Equal(saved[Weight], loaded.Weight);
        Assert.Equal(saved[Bias], loaded.Bias);
    }

    [Fact]
    public void PpoContinuedFromASavedFolderTrainsItsHeadAndAResumeRestoresTheResumeCheckpointsHeadOverIt()
    {
        using var first = TrainedPpo(out var outcome);
        var final = outcome.CheckpointPath!;
        var saved = Tensors(Path.Combine(final, "model.safetensors"), n => n.StartsWith("v_head."));
        TrainerRun Continued(string checkpoint)
        {
            var run = new TrainerRun("ppo", CopyTask.Unpaired(32));
            run.Settings["Model:Checkpoint"] = checkpoint;
            run.Settings["Training:MaxSteps"] = "6";
            return run;
        }

        // The continued run's first step sees the saved head's values, not a fresh head's.
        using var straight = Continued(final);
        var straightOutcome = straight.Run();
        using var headless = Continued(CopyWithHead(final, Path.Combine(first.Root, "headless"), null));
        headless.Run();
        var (loadedCritic, freshCritic) = (straight.Sink.Train("critic_loss").First(), headless.Sink.Train("critic_loss").First());
        Console.WriteLine($"first-step critic loss continuing from the saved head {loadedCritic:F6}, from a fresh head {freshCritic:F6}");
        Assert.True(Math.Abs(loadedCritic - freshCritic) > 1e-3, $"saved head {loadedCritic}, fresh head {freshCritic}");

        // Interrupted at step 3 and resumed: Prepare loads the folder's (step 0) head, the resume restores step 3's over it.
        using var resumed = Continued(final);
        using var stop = new CancellationTokenSource();
        var part = resumed.Run(p => { if (p.Phase == "train" && p.Step == 3) stop.Cancel(); }, stop.Token);
        Assert.Equal(3, part.Steps);
        var atThree = Tensors(Path.Combine(part.CheckpointPath!, "model.safetensors"), n => n.StartsWith("v_head."));
        Assert.NotEqual(saved[Weight], atThree[Weight]);
        resumed.Settings["Training:Resume"] = "true";
        var second = resumed.Run();
        Assert.Equal(6, second.Steps);
        Assert.Equal(File.ReadAllBytes(Path.Combine(straightOutcome.CheckpointPath!, "model.safetensors")),
            File.ReadAllBytes(Path.Combine(second.CheckpointPath!, "model.safetensors")));
    }

    [Fact]
    public void AHeadSavedInBfloat16LoadsAsFloat32()
    {
        using var run = TrainedPpo(out var outcome);
        using var scope = torch.NewDisposeScope();
        var saved = Tensors(Path.Combine(outcome.CheckpointPath!, "model.safetensors"), n => n.StartsWith("v_head."));
        var weight = torch.tensor(saved[Weight], 1, 32).to(ScalarType.BFloat16);
        var bias = torch.tensor(saved[Bias], 1).to(ScalarType.BFloat16);
        var folder = CopyWithHead(outcome.CheckpointPath!, Path.Combine(run.Root, "bf16"), new Dictionary<string, Tensor> { [Weight] = weight, [Bias] = bias });

        var loaded = PreparedHead(run, folder);  // asserts the head is float32 and trainable
        Assert.Equal(Values(weight.to(ScalarType.Float32)), loaded.Weight);
        Assert.Equal(Values(bias.to(ScalarType.Float32)), loaded.Bias);
        Assert.NotEqual(saved[Weight], loaded.Weight);  // bfloat16 rounded them, so the comparison above is not trivially the float32 save
    }

    [Fact]
    public void ASavedHeadOfAnotherHiddenSizeIsAnErrorNamingTheFileAndTensor()
    {
        using var run = TrainedPpo(out var outcome);
        using var scope = torch.NewDisposeScope();
        // A head of hidden size 64 beside a policy of width 32.
        var wide = CopyWithHead(outcome.CheckpointPath!, Path.Combine(run.Root, "wide"),
            new Dictionary<string, Tensor> { [Weight] = torch.zeros([1, 64]), [Bias] = torch.zeros([1]) });
        var file = Path.Combine(wide, "model.safetensors");

        var error = Assert.Throws<ModelSpecException>(() => PreparedHead(run, wide));
        Assert.Contains(file, error.Message);
        Assert.Contains($"'{Weight}'", error.Message);
        Assert.Contains("[1, 64]", error.Message);
        Assert.Contains("[1, 32]", error.Message);

        // Through the loop too (halos eval reports a ModelSpecException as a model error).
        run.Settings["Model:Checkpoint"] = wide;
        var viaEval = Assert.Throws<ModelSpecException>(() => run.Run(RunMode.Eval));
        Assert.Contains(file, viaEval.Message);

        // Half a head is an error too, naming what is missing.
        var half = CopyWithHead(outcome.CheckpointPath!, Path.Combine(run.Root, "half"), new Dictionary<string, Tensor> { [Weight] = torch.zeros([1, 32]) });
        var missing = Assert.Throws<ModelSpecException>(() => PreparedHead(run, half));
        Assert.Contains(Path.Combine(half, "model.safetensors"), missing.Message);
        Assert.Contains($"'{Bias}' is missing", missing.Message);

        // The wide folder still loads as a plain causal LM (the loader skips trainer heads).
        using var plain = HfCheckpoint.Load(wide);
        Assert.DoesNotContain(plain.named_parameters(), p => p.name.StartsWith("v_head"));
    }
}
