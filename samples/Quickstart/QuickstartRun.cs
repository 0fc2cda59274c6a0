using System.Diagnostics;

namespace Quickstart;

/// <summary>
/// The quickstart pipeline, each training run a real <c>halos train --profile quickstart-*</c>: a tiny GPT-2 trained
/// with SFT, then aligned from the SFT model (which is also the reference) with DPO and, separately, with KTO and with
/// online GRPO (sampling from itself, rewarded by the known answer); a reward model trained on ranked lists; and
/// online DPO whose samples that reward model judges. Every model is then measured on the held-out problems.
/// </summary>
public sealed class QuickstartRun(string repositoryRoot, string hostDll, string outputFolder, QuickstartScale scale, TextWriter console)
{
    public QuickstartResults Run()
    {
        var clock = Stopwatch.StartNew();
        // A previous quickstart's checkpoints would make the runs below resume instead of start over; anything else
        // in the folder is not ours to delete.
        if (Directory.Exists(outputFolder) && Directory.EnumerateFileSystemEntries(outputFolder).Any())
        {
            if (!File.Exists(Path.Combine(outputFolder, "data", "sft-train.jsonl")))
                throw new InvalidOperationException($"{outputFolder} is not empty and holds no earlier quickstart (data/sft-train.jsonl); choose a new or empty --output folder");
            Directory.Delete(outputFolder, recursive: true);
        }
        Directory.CreateDirectory(outputFolder);
        var halos = new HalosCommand(repositoryRoot, hostDll, outputFolder, console);

        var data = new QuickstartData(Path.Combine(outputFolder, "data"), scale);
        var baseModel = TinyModelFolder.Write(Path.Combine(outputFolder, "base"), scale);
        console.WriteLine($"generated {data.SftProblems.Count} SFT problems, {data.AlignmentProblems.Count} alignment problems, " +
                          $"{data.HeldOut.Count} held-out problems, and a {scale.Layers}-layer width-{scale.Width} GPT-2 in {Shown(outputFolder)}");

        var sft = Train(halos, "sft", baseModel, data.SftTrain, null, scale.SftSteps);
        data.WriteAlignment(GreedyAnswers.Of(sft.Folder, data.AlignmentProblems));
        console.WriteLine($"the SFT model answers {data.ModelMistakes} of {data.AlignmentProblems.Count} alignment problems wrongly; those answers are the rejected ones");
        var dpo = Train(halos, "dpo", sft.Folder, data.PairsTrain, data.PairsHeldOut, scale.AlignmentSteps);
        var kto = Train(halos, "kto", sft.Folder, data.UnpairedTrain, data.UnpairedHeldOut, scale.AlignmentSteps);
        data.WritePrompts();
        var grpo = Train(halos, "grpo", sft.Folder, data.PromptsTrain, null, scale.GrpoSteps,
            [$"--Training:BatchSize={scale.GrpoPrompts}", $"--Generation:NumSamples={scale.GrpoSamples}"]);
        var reward = Train(halos, "reward", sft.Folder, data.RankedTrain, data.RankedHeldOut, scale.RewardSteps);
        // Online DPO with the reward model above as the judge: of each prompt's samples, the one it scores highest is
        // chosen and the lowest rejected. No known answer is used.
        var onlineDpo = Train(halos, "online-dpo", sft.Folder, data.PromptsTrain, null, scale.OnlineDpoSteps,
            [$"--Training:BatchSize={scale.GrpoPrompts}", $"--Generation:NumSamples={scale.OnlineDpoSamples}", "--Rewards:Sources:0:Path=" + Shown(reward.Folder)]);
        // Both aligned policies' implicit rewards are scored on the same held-out pairs (KTO trained on unpaired rows).
        var dpoOnPairs = EvaluateOnPairs(halos, "dpo", dpo.Folder, sft.Folder, data.PairsHeldOut);
        var ktoOnPairs = EvaluateOnPairs(halos, "kto", kto.Folder, sft.Folder, data.PairsHeldOut);

        console.WriteLine("measuring greedy answers on the held-out problems");
        ModelResult[] models =
        [
            Policy("untrained", "-", baseModel, data, null),
            Policy("SFT", "sft", sft.Folder, data, null),
            Policy("SFT + DPO", "dpo", dpo.Folder, data, dpoOnPairs),
            Policy("SFT + KTO", "kto", kto.Folder, data, ktoOnPairs),
            Policy("SFT + GRPO (online)", "grpo", grpo.Folder, data, null),
            Policy("SFT + online DPO (reward model judge)", "online_dpo", onlineDpo.Folder, data, null),
            new("reward model", "rank_list", null, null, null,
                Metric(reward.Metrics, "eval_rewards/accuracies", "reward"), Metric(reward.Metrics, "eval_rewards/margins", "reward"), Shown(reward.Folder)),
        ];
        var results = new QuickstartResults(data.HeldOut.Count, Math.Round(clock.Elapsed.TotalSeconds, 1), models);
        results.Write(outputFolder);
        // Every run's curves and the table above in one page: the real halos report over the four run folders.
        halos.Run("report", ["report", .. new[] { "sft", "dpo", "kto", "grpo", "online-dpo", "reward" }.Select(r => Shown(Path.Combine(outputFolder, r))),
            "--output", Shown(Path.Combine(outputFolder, QuickstartResults.HtmlFile)), "--table", Shown(Path.Combine(outputFolder, QuickstartResults.TableFile))]);
        return results;
    }

    /// <summary>A policy's greedy answers on the held-out problems, and its implicit reward when it has a reference.</summary>
    private ModelResult Policy(string name, string loss, string folder, QuickstartData data, IReadOnlyDictionary<string, double>? onPairs)
    {
        var (all, addition, subtraction) = GreedyAnswers.Accuracy(folder, data.HeldOut);
        return new ModelResult(name, loss, all, addition, subtraction,
            onPairs is null ? null : Metric(onPairs, "rewards/accuracies", $"{loss}-eval"),
            onPairs is null ? null : Metric(onPairs, "rewards/margins", $"{loss}-eval"), Shown(folder));
    }

    /// <summary>A metric halos printed; a missing one means the run did not report what the table needs.</summary>
    private double Metric(IReadOnlyDictionary<string, double> metrics, string name, string run) =>
        metrics.TryGetValue(name, out var value)
            ? value
            : throw new InvalidOperationException(
                $"halos ({run}) printed no '{name}' metric; it printed {string.Join(", ", metrics.Keys)} (see {Path.Combine(outputFolder, run + ".log")})");

    private sealed record TrainedModel(string Folder, IReadOnlyDictionary<string, double> Metrics);

    private TrainedModel Train(HalosCommand halos, string name, string from, string train, string? eval, int steps, string[]? overrides = null)
    {
        var output = Path.Combine(outputFolder, name);
        List<string> arguments =
        [
            "train", "--quiet", "--profile", $"quickstart-{name}", "--Model:Checkpoint=" + Shown(from), "--Data:Train=" + Shown(train),
            "--Training:OutputDir=" + Shown(output), $"--Training:MaxSteps={steps}",
            $"--Training:BatchSize={scale.BatchSize}", $"--Data:MaxLength={scale.MaxLength}",
            // About 25 points per curve for the report; logging reads the step's numbers and changes nothing else.
            $"--Metrics:LogEvery={Math.Max(1, steps / 25)}",
        ];
        // Five evaluations along each run with held-out data, and the first pairs with their rewards for the report's table.
        // Later arguments win: a run's own batch shape replaces the common one.
        if (overrides is not null) arguments.AddRange(overrides);
        if (eval is not null) arguments.AddRange(["--Data:Eval=" + Shown(eval), $"--Training:EvalEvery={Math.Max(1, steps / 5)}", "--Training:EvalShow=5"]);
        var metrics = halos.Run(name, arguments);
        return new TrainedModel(Path.Combine(output, "final"), metrics);
    }

    /// <summary><c>halos eval</c> of a policy against its reference: implicit-reward accuracy and margin (β of the DPO profile).</summary>
    private IReadOnlyDictionary<string, double> EvaluateOnPairs(HalosCommand halos, string name, string policy, string reference, string pairs) =>
        halos.Run($"{name}-eval",
            ["eval", "--quiet", "--profile", "quickstart-dpo", "--model", Shown(policy), "--reference", Shown(reference),
             "--loader", "trl-preference", "--input", Shown(pairs), $"--Data:MaxLength={scale.MaxLength}"]);

    /// <summary>Paths as the user would type them from the repository root: relative when inside it.</summary>
    private string Shown(string path)
    {
        var relative = Path.GetRelativePath(repositoryRoot, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(path) : relative;
    }

}
