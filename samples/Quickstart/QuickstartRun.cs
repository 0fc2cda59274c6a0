using System.Diagnostics;
using System.Globalization;

namespace Quickstart;

/// <summary>
/// The quickstart pipeline, each training run a real <c>halos train --profile quickstart-*</c>: a tiny GPT-2 trained
/// with SFT, then aligned from the SFT model (which is also the reference) with DPO and, separately, with KTO; and a
/// reward model trained on ranked lists. Every model is then measured on the held-out problems.
/// </summary>
public sealed class QuickstartRun(string repositoryRoot, string hostDll, string outputFolder, QuickstartScale scale, TextWriter console)
{
    public QuickstartResults Run()
    {
        var clock = Stopwatch.StartNew();
        // A previous quickstart's checkpoints would make the runs below resume instead of start over.
        if (Directory.Exists(outputFolder)) Directory.Delete(outputFolder, recursive: true);
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
        var reward = Train(halos, "reward", sft.Folder, data.RankedTrain, data.RankedHeldOut, scale.RewardSteps);
        // Both aligned policies' implicit rewards are scored on the same held-out pairs (KTO trained on unpaired rows).
        var dpoOnPairs = EvaluateOnPairs(halos, "dpo", dpo.Folder, sft.Folder, data.PairsHeldOut);
        var ktoOnPairs = EvaluateOnPairs(halos, "kto", kto.Folder, sft.Folder, data.PairsHeldOut);

        console.WriteLine("measuring greedy answers on the held-out problems");
        ModelResult[] models =
        [
            new("untrained", "-", GreedyAnswers.Accuracy(baseModel, data.HeldOut), null, null, Shown(baseModel)),
            new("SFT", "sft", GreedyAnswers.Accuracy(sft.Folder, data.HeldOut), null, null, Shown(sft.Folder)),
            new("SFT + DPO", "dpo", GreedyAnswers.Accuracy(dpo.Folder, data.HeldOut),
                dpoOnPairs.GetValueOrDefault("rewards/accuracies"), dpoOnPairs.GetValueOrDefault("rewards/margins"), Shown(dpo.Folder)),
            new("SFT + KTO", "kto", GreedyAnswers.Accuracy(kto.Folder, data.HeldOut),
                ktoOnPairs.GetValueOrDefault("rewards/accuracies"), ktoOnPairs.GetValueOrDefault("rewards/margins"), Shown(kto.Folder)),
            new("reward model", "rank_list", null,
                reward.Metrics.GetValueOrDefault("eval_rewards/accuracies"), reward.Metrics.GetValueOrDefault("eval_rewards/margins"), Shown(reward.Folder)),
        ];
        var results = new QuickstartResults(data.HeldOut.Count, Math.Round(clock.Elapsed.TotalSeconds, 1), models);
        results.Write(outputFolder);
        return results;
    }

    private sealed record TrainedModel(string Folder, IReadOnlyDictionary<string, double> Metrics);

    private TrainedModel Train(HalosCommand halos, string name, string from, string train, string? eval, int steps)
    {
        var output = Path.Combine(outputFolder, name);
        List<string> arguments =
        [
            "train", "--quiet", "--profile", $"quickstart-{name}", "--Model:Checkpoint=" + Shown(from), "--Data:Train=" + Shown(train),
            "--Training:OutputDir=" + Shown(output), $"--Training:MaxSteps={steps}",
            $"--Training:BatchSize={scale.BatchSize}", $"--Training:MaxLength={scale.MaxLength}",
        ];
        if (eval is not null) arguments.Add("--Data:Eval=" + Shown(eval));
        var metrics = halos.Run(name, arguments);
        return new TrainedModel(Path.Combine(output, "final"), metrics);
    }

    /// <summary><c>halos eval</c> of a policy against its reference: implicit-reward accuracy and margin (β of the DPO profile).</summary>
    private IReadOnlyDictionary<string, double> EvaluateOnPairs(HalosCommand halos, string name, string policy, string reference, string pairs) =>
        halos.Run($"{name}-eval",
            ["eval", "--quiet", "--profile", "quickstart-dpo", "--model", Shown(policy), "--reference", Shown(reference),
             "--loader", "trl-preference", "--input", Shown(pairs), $"--Training:MaxLength={scale.MaxLength}"]);

    /// <summary>Paths as the user would type them from the repository root: relative when inside it.</summary>
    private string Shown(string path)
    {
        var relative = Path.GetRelativePath(repositoryRoot, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(path) : relative;
    }

    public static string Percent(double value) => (100 * value).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
