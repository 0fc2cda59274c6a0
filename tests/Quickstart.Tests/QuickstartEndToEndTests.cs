using Quickstart;

namespace Quickstart.Tests;

/// <summary>
/// The quickstart pipeline end to end at smoke scale: every run goes through the real halos process (SFT, DPO, KTO, the
/// ranked-list reward model, a halos eval), then greedy decoding on held-out problems, then the report.
/// </summary>
public class QuickstartEndToEndTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static string RepoRoot { get; } = FindRoot();

    private static string HostDll => Path.Combine(RepoRoot, "src", "Halos.Host", "bin", Configuration, "net10.0", "halos.dll");

    private static bool HostIsBuilt =>
        File.Exists(HostDll) && Directory.Exists(Path.Combine(Path.GetDirectoryName(HostDll)!, "plugins", "Halos.Trainers"));

    [SkippableFact]
    public void SmokeScaleQuickstartReportsSaneNumbers()
    {
        Skip.IfNot(HostIsBuilt, $"the host is not built with its plugins ({HostDll}); run dotnet build src/Halos.Host -c {Configuration}");
        var folder = Directory.CreateTempSubdirectory("halos-quickstart-").FullName;
        try
        {
            var console = new StringWriter();
            var results = new QuickstartRun(RepoRoot, HostDll, folder, QuickstartScale.Smoke, console).Run();
            var log = console.ToString();

            Assert.Equal(QuickstartScale.Smoke.HeldOutProblems, results.HeldOutProblems);
            Assert.Equal(["untrained", "SFT", "SFT + DPO", "SFT + KTO", "reward model"], results.Models.Select(m => m.Model));
            foreach (var model in results.Models)
            {
                foreach (var accuracy in new[] { model.AnswerAccuracy, model.RewardAccuracy })
                    if (accuracy is { } a) Assert.InRange(a, 0.0, 1.0);
                Assert.True(File.Exists(Path.Combine(model.Folder.StartsWith('/') ? model.Folder : Path.Combine(RepoRoot, model.Folder), "model.safetensors")),
                    $"{model.Model}: no model.safetensors in {model.Folder}");
            }
            Assert.All(results.Models.Take(4), m => Assert.NotNull(m.AnswerAccuracy));
            // A random 257-token model essentially never writes " <digits>" then stops.
            Assert.True(results.Models[0].AnswerAccuracy < 0.05, log);
            var reward = results.Models[4];
            // 64 held-out lists of 4 are 384 ordered pairs: chance scores 0.5 ± 0.026, so 0.57 is well clear of it.
            Assert.True(reward.RewardAccuracy > 0.57, $"reward model pairwise accuracy {reward.RewardAccuracy}, chance is 0.5\n{log}");
            Assert.True(reward.RewardMargin > 0, log);
            foreach (var aligned in results.Models.Skip(2).Take(2))
                Assert.NotNull(aligned.RewardAccuracy);

            // The report round-trips, and the console shows the real commands.
            var reread = QuickstartResults.Read(folder);
            Assert.Equal(results.Models, reread.Models);
            Assert.Contains("| reward model", File.ReadAllText(Path.Combine(folder, QuickstartResults.MarkdownFile)));
            foreach (var profile in new[] { "quickstart-sft", "quickstart-dpo", "quickstart-kto", "quickstart-reward" })
                Assert.Contains($"$ halos train --quiet --profile {profile}", log);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Halos.Plugins.sln above {AppContext.BaseDirectory}");
    }
}
