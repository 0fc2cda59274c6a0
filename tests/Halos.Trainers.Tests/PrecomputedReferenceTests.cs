using Halos.Abstractions.Losses;
using Halos.Abstractions.Running;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Trainers.Reference;
using Halos.Trainers.Tests.Support;
using Halos.Trainers.Trainers;
using Halos.Training.Setup;

namespace Halos.Trainers.Tests;

public class PrecomputedReferenceTests
{
    private static TrainerPreparation Preparation(TrainerRun run, RunComponents components, RunPlan plan) =>
        new(RunMode.Train, components.Modules, components.Loss, run.Loader.Sets["train"], new CollateOptions(plan.Data.MaxLength), plan.Training, run.Root) { PrecomputeReferenceIn = run.PrecomputeReferenceIn };

    private static float MaxDifference(Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return (a - b).abs().max().item<float>();
    }

    [Theory]
    [InlineData("dpo")]
    [InlineData("kto")]
    public void PrecomputedLogProbsEqualTheLiveReferenceAndAreReusedByALaterRun(string loss)
    {
        var examples = loss == "dpo" ? CopyTask.Paired(20) : CopyTask.Unpaired(20);
        using var run = new TrainerRun(loss, examples);
        run.Settings["Training:LoopOptions:Reference"] = "precomputed";
        run.Settings["Training:LoopOptions:ReferenceCache"] = "cache";
        run.Settings["Training:BatchSize"] = "6"; // batches during precomputation pad differently from the batch below
        var plan = run.Plan();
        var log = run.Notes;
        var trainer = run.TrainerFor(loss == "dpo" ? new PairedPreferenceTrainer() : new UnpairedTrainer());
        var precomputing = trainer;

        using (var components = RunComponents.Build(plan, run.LoopOptions))
        {
            precomputing.Prepare(Preparation(run, components, plan));
            // The copy task repeats some rows; identical rows share one entry.
            Assert.Contains("reference log-probs: computed ", log.ToString());
            using var scope = torch.NewDisposeScope();
            using var batch = trainer.Collate(examples.Skip(3).Take(8).ToList(), components.Kind, components.Modules.Tokenizer, new CollateOptions(32));
            var source = trainer.ReferenceFor(components.Modules, components.Loss);
            var precomputed = Assert.IsType<PrecomputedReference>(source).LogProbs(batch);
            var live = new FrozenReference(components.Modules.Reference!, Device.CPU).LogProbs(batch);
            Assert.True(MaxDifference(precomputed.PerToken, live.PerToken) < 1e-5f);
            Assert.True(MaxDifference(precomputed.Sum(), live.Sum()) < 1e-4f);
            Assert.Equal(live.Mask.data<bool>(), precomputed.Mask.data<bool>());
            Assert.True(live.Sum().abs().min().item<float>() > 1f); // real log-probs, not zeros
        }

        var files = Directory.GetFiles(Path.Combine(run.Root, "cache"), "*.safetensors");
        Assert.Single(files);
        var written = File.GetLastWriteTimeUtc(files[0]);

        // A later run over the same data and reference reads the file instead of recomputing it.
        log.GetStringBuilder().Clear();
        using (var components = RunComponents.Build(plan, run.LoopOptions))
            precomputing.Prepare(Preparation(run, components, plan));
        Assert.Contains("reusing", log.ToString());
        Assert.Equal(written, File.GetLastWriteTimeUtc(files[0]));

        // Another reference model is another key: a fresh file, never the stale one.
        run.Settings["Model:ReferenceCheckpoint"] = TinyCheckpoint.Write(Path.Combine(run.Root, "other"), seed: 99);
        plan = run.Plan();
        using (var components = RunComponents.Build(plan, run.LoopOptions))
            precomputing.Prepare(Preparation(run, components, plan));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(run.Root, "cache"), "*.safetensors").Length);
    }
}
