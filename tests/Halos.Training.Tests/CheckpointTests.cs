using System.Text.Json;
using Halos.Abstractions.Models;
using Halos.Torch;
using Halos.Training.Checkpoints;
using Halos.Training.Tests.Support;

namespace Halos.Training.Tests;

public sealed class CheckpointTests
{
    private sealed class SimulatedCrash() : Exception("simulated crash while writing a checkpoint");

    [Fact]
    public void ACrashMidSave_LeavesThePreviousCheckpointIntact_AndResumable()
    {
        using var straight = new TestRun();
        straight.Run();

        using var run = new TestRun();
        run.Settings["Training:CheckpointEvery"] = "5";
        var saves = 0;
        // The third save (step 15) dies after writing its weights, before the optimiser and trainer state.
        Assert.Throws<SimulatedCrash>(() => run.Run(afterCheckpointPart: part =>
        {
            if (part == "model" && ++saves == 3) throw new SimulatedCrash();
        }));
        Assert.Equal(["checkpoint-10", "checkpoint-5"], Directory.GetDirectories(run.OutputDir).Select(Path.GetFileName).Order());
        Assert.Equal(CheckpointLayout.FolderFor(run.OutputDir, 10), CheckpointLayout.Newest(run.OutputDir));

        // A process killed outright leaves its partial folder behind: the next run removes it and ignores it.
        var killed = Path.Combine(run.OutputDir, ".checkpoint-15.partial-0123456789abcdef");
        Directory.CreateDirectory(killed);
        File.WriteAllBytes(Path.Combine(killed, "model.safetensors"), [1, 2, 3]);

        run.Settings["Training:Resume"] = "true";
        var outcome = run.Run();
        Assert.Equal(20, outcome.Steps);
        Assert.Contains("removed " + killed, run.Warnings.ToString());
        Assert.False(Directory.Exists(killed));
        Assert.Equal(File.ReadAllBytes(Path.Combine(straight.OutputDir, "final", "model.safetensors")),
            File.ReadAllBytes(Path.Combine(run.OutputDir, "final", "model.safetensors")));
    }

    [Fact]
    public void KeepCheckpoints_KeepsTheNewestN()
    {
        using var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "10";
        run.Settings["Training:CheckpointEvery"] = "2";
        run.Settings["Training:KeepCheckpoints"] = "2";
        run.Run();
        Assert.Equal([8L, 10L], CheckpointLayout.Complete(run.OutputDir).Select(c => c.Step));
    }

    [Fact]
    public void ACheckpoint_HoldsTheModelOptimizerAndTrainerState()
    {
        using var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "4";
        run.Run();
        var folder = CheckpointLayout.FolderFor(run.OutputDir, 4);
        foreach (var file in new[] { "model.safetensors", "config.json", "optimizer.safetensors", "trainer_state.json", "run_config.json" })
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} is missing");

        var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "trainer_state.json"))).RootElement;
        Assert.Equal(4, state.GetProperty("global_step").GetInt64());
        Assert.Equal(7, state.GetProperty("seed").GetInt64());
        // 4 steps of 4 examples from 64: the sampler stands at batch 4 of epoch 0.
        Assert.Equal(4, state.GetProperty("data_position").GetProperty("batch").GetInt32());
        Assert.Equal(0, state.GetProperty("data_position").GetProperty("epoch").GetInt32());
        Assert.Equal(4, state.GetProperty("log_history").GetArrayLength());
        Assert.Equal(16, state.GetProperty("examples_seen").GetInt64());
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "run_config.json"))).RootElement;
        Assert.Equal("digit-sft", config.GetProperty("Training:Trainer").GetString());
    }

    [Fact]
    public void ASavedCheckpoint_ReloadsToIdenticalLogits()
    {
        using var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "6";
        run.Settings["Training:CheckpointEvery"] = "3";
        run.Run();
        foreach (var name in new[] { "checkpoint-3", "checkpoint-6", "final" })
        {
            var saved = run.Model.ProbeLogitsAtSave[name];
            var spec = new ModelSpec(null, Path.Combine(run.OutputDir, name), ScalarType.Float32, Device.CPU, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
            using var reloaded = (TinyLanguageModel)run.Model.Build(spec, ModelRole.Policy);
            Assert.Equal(saved, TinyModelPlugin.ProbeLogits(reloaded));
        }
        Assert.NotEqual(run.Model.ProbeLogitsAtSave["checkpoint-3"], run.Model.ProbeLogitsAtSave["checkpoint-6"]);
    }

    [Fact]
    public void AtomicFolder_ReplacesAnExistingFolderOnlyWhenTheNewOneIsComplete()
    {
        var parent = Directory.CreateTempSubdirectory("halos-atomic-").FullName;
        try
        {
            var target = Path.Combine(parent, "checkpoint-3");
            AtomicFolder.Write(target, f => File.WriteAllText(Path.Combine(f, "a.txt"), "old"));
            Assert.Throws<IOException>(() => AtomicFolder.Write(target, f =>
            {
                File.WriteAllText(Path.Combine(f, "a.txt"), "new");
                throw new IOException("disk full");
            }));
            Assert.Equal("old", File.ReadAllText(Path.Combine(target, "a.txt")));
            Assert.Empty(AtomicFolder.Leftovers(parent));

            AtomicFolder.Write(target, f => File.WriteAllText(Path.Combine(f, "a.txt"), "new"));
            Assert.Equal("new", File.ReadAllText(Path.Combine(target, "a.txt")));
            Assert.Equal([target], Directory.GetDirectories(parent));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public void Newest_IgnoresFoldersWithoutTrainerState()
    {
        var parent = Directory.CreateTempSubdirectory("halos-layout-").FullName;
        try
        {
            foreach (var step in new[] { 9, 10, 100 }) Directory.CreateDirectory(Path.Combine(parent, $"checkpoint-{step}"));
            File.WriteAllText(Path.Combine(parent, "checkpoint-9", "trainer_state.json"), "{}");
            File.WriteAllText(Path.Combine(parent, "checkpoint-10", "trainer_state.json"), "{}");
            Assert.Equal(Path.Combine(parent, "checkpoint-10"), CheckpointLayout.Newest(parent));
            Assert.Equal(Path.Combine(parent, "checkpoint-10"), CheckpointLayout.ResolveResume(parent, "Training:ResumeFrom"));
            var e = Assert.Throws<InvalidOperationException>(() => CheckpointLayout.ResolveResume(Path.Combine(parent, "checkpoint-100"), "Training:ResumeFrom"));
            Assert.Contains("Training:ResumeFrom", e.Message);
            Assert.Contains("no complete checkpoint", e.Message);
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
