using Halos.Torch.SafeTensors;
using Halos.Training.Setup;
using Halos.Trainers.Tests.Support;

namespace Halos.Trainers.Tests;

/// <summary>The start-up summary of a real run (<c>run.json</c> and the printed lines), counted by hand.</summary>
public class RunSummaryTests
{
    [Fact]
    public void ALoraRunsSummary_CountsTheAdaptersAsItsOnlyTrainableParameters()
    {
        using var run = new TrainerRun("dpo", CopyTask.Paired(40));
        run.Settings["Training:MaxSteps"] = "3";
        run.Settings["Training:BatchSize"] = "4";
        run.Settings["Training:GradientAccumulationSteps"] = "2";
        run.Settings["Model:Lora:Rank"] = "4";
        run.Settings["Model:Lora:TargetModules"] = "c_attn,c_fc";
        run.Run();

        var summary = RunSummary.Load(Path.Combine(run.Root, "run", RunSummary.FileName));
        // Per GPT-2 layer (width 32): c_attn 32 -> 96 gives A [4, 32] + B [96, 4] = 512; c_fc 32 -> 128 gives 128 + 512 = 640.
        const long adapters = 2 * (4 * (32 + 96) + 4 * (32 + 128));
        Assert.Equal(2304, adapters);
        Assert.Equal(adapters, summary.Parameters.Lora);
        Assert.Equal(adapters, summary.Parameters.Trainable);
        long baseParameters;
        using (var weights = SafeTensorsFile.Open(Path.Combine(run.Settings["Model:Checkpoint"]!, "model.safetensors")))
            baseParameters = weights.Names.Sum(n => weights.Info(n).Shape.Aggregate(1L, (a, b) => a * b));
        Assert.Equal(baseParameters + adapters, summary.Parameters.Total);

        Assert.Equal(40, summary.Examples);
        Assert.Equal(3, summary.OptimizerSteps);
        Assert.Equal(8, summary.GlobalBatchSize);
        Assert.Equal(3 * 2 / 10.0, summary.Epochs, 12);  // 6 microbatches of the 10 per epoch
        Assert.Equal("the policy with its LoRA adapters off", summary.Reference);
        Assert.Equal("float32 (cpu)", summary.Precision);
        Assert.Null(summary.ResumedFrom);
        Assert.Contains("halos: parameters: 2,304 trainable of", run.Notes.ToString());
        Assert.Contains("LoRA adapters 2,304", run.Notes.ToString());
    }
}
