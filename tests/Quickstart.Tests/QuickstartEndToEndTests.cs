using Quickstart;
using Quickstart.Tests.Support;

namespace Quickstart.Tests;

/// <summary>
/// The quickstart pipeline end to end at smoke scale: every run goes through the real halos process (SFT, DPO, KTO, the
/// ranked-list reward model, a halos eval), then greedy decoding on held-out problems, then the report, which a real
/// headless Chromium renders.
/// </summary>
public class QuickstartEndToEndTests(SmokeQuickstart quickstart) : IClassFixture<SmokeQuickstart>
{
    [SkippableFact]
    public void SmokeScaleQuickstartReportsSaneNumbers()
    {
        Skip.If(quickstart.Skipped is not null, quickstart.Skipped);
        var folder = quickstart.Folder;
        var results = quickstart.Results;
        var log = quickstart.Log;
        var repoRoot = SmokeQuickstart.RepoRoot;

        Assert.Equal(QuickstartScale.Smoke.HeldOutProblems, results.HeldOutProblems);
        Assert.Equal(["untrained", "SFT", "SFT + DPO", "SFT + KTO", "SFT + GRPO (online)", "SFT + online DPO (reward model judge)", "reward model"], results.Models.Select(m => m.Model));
        foreach (var model in results.Models)
        {
            foreach (var accuracy in new[] { model.AnswerAccuracy, model.RewardAccuracy })
                if (accuracy is { } a) Assert.InRange(a, 0.0, 1.0);
            Assert.True(File.Exists(Path.Combine(model.Folder.StartsWith('/') ? model.Folder : Path.Combine(repoRoot, model.Folder), "model.safetensors")),
                $"{model.Model}: no model.safetensors in {model.Folder}");
        }
        Assert.All(results.Models.Take(6), m => Assert.NotNull(m.AnswerAccuracy));
        // A random 257-token model essentially never writes " <digits>" then stops.
        Assert.True(results.Models[0].AnswerAccuracy < 0.05, log);
        var reward = results.Models[6];
        // 64 held-out lists of 4 are 384 ordered pairs: chance scores 0.5 ± 0.026, so 0.57 is well clear of it.
        Assert.True(reward.RewardAccuracy > 0.57, $"reward model pairwise accuracy {reward.RewardAccuracy}, chance is 0.5\n{log}");
        Assert.True(reward.RewardMargin > 0, log);
        foreach (var aligned in results.Models.Skip(2).Take(2))
            Assert.NotNull(aligned.RewardAccuracy);

        // The report round-trips, and the console shows the real commands.
        var reread = QuickstartResults.Read(folder);
        Assert.Equal(results.Models, reread.Models);
        Assert.Contains("| reward model", File.ReadAllText(Path.Combine(folder, QuickstartResults.MarkdownFile)));
        foreach (var profile in new[] { "quickstart-sft", "quickstart-dpo", "quickstart-kto", "quickstart-grpo", "quickstart-reward", "quickstart-online-dpo" })
            Assert.Contains($"$ halos train --quiet --profile {profile}", log);
        // The online run sampled, rewarded and logged its completions.
        var completions = File.ReadAllLines(Path.Combine(folder, "grpo", "completions.jsonl"));
        Assert.Equal(QuickstartScale.Smoke.GrpoSteps * QuickstartScale.Smoke.GrpoPrompts * QuickstartScale.Smoke.GrpoSamples, completions.Length);
        Assert.Contains("\"rewards\":{\"accuracy\":", completions[0]);
    }

    [SkippableFact]
    public void Two_rounds_of_the_iterative_recipe_run_on_the_smoke_quickstart()
    {
        Skip.If(quickstart.Skipped is not null, quickstart.Skipped);
        _ = quickstart.Results;
        var output = Path.Combine(quickstart.Folder, "iterative");
        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(SmokeQuickstart.RepoRoot, "scripts", "iterative-dpo.sh"), "2", output }) start.ArgumentList.Add(a);
        start.Environment["QUICKSTART_DIR"] = quickstart.Folder;
        start.Environment["HALOS_DLL"] = SmokeQuickstart.HostDll;
        start.Environment["DPO_STEPS"] = "10";
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "the recipe did not finish in 5 minutes");
        Assert.True(process.ExitCode == 0, stdout + stderr.Result);
        Assert.Matches(@"round 0 \(SFT\): held-out accuracy \d", stdout);
        Assert.Matches(@"round 1: \d+ pairs \(\d+ ties\), held-out accuracy \d", stdout);
        Assert.Matches(@"round 2: \d+ pairs \(\d+ ties\), held-out accuracy \d", stdout);
        // Round 2 started from round 1's model, and its pairs read back as preference data.
        Assert.Contains(Path.Combine(output, "round1", "dpo", "final"), File.ReadAllText(Path.Combine(output, "round2", "dpo", "run.json")));
    }

    /// <summary>What the page's script returns: each chart's metric, the points its curves draw, and its drawn width.</summary>
    private const string ChartCheck = """
        (() => [...document.querySelectorAll('div.chart')].map(c => {
            const svg = c.querySelector('svg');
            const curves = [...svg.querySelectorAll('path[stroke-width="1.6"]')];
            return {
                metric: c.dataset.metric,
                points: curves.reduce((n, p) => n + (p.getAttribute('d').match(/[ML]/g) || []).length, 0),
                width: svg.getBoundingClientRect().width,
                extent: curves.reduce((n, p) => Math.max(n, p.getBBox().width + p.getBBox().height), 0),
            };
        }))()
        """;

    private static void AssertEveryChartDrew(PageVisit visit, string page, IEnumerable<string> expectedMetrics)
    {
        var charts = visit.Evaluated!.AsArray().Select(c => c!).ToList();
        var metrics = charts.Select(c => (string)c["metric"]!).ToList();
        foreach (var metric in expectedMetrics) Assert.Contains(metric, metrics);
        foreach (var chart in charts)
        {
            Assert.True((int)chart["points"]! >= 1, $"{page}: chart {chart["metric"]} has no points");
            Assert.True((double)chart["width"]! > 100, $"{page}: chart {chart["metric"]} was not laid out");
            Assert.True((double)chart["extent"]! > 0, $"{page}: chart {chart["metric"]} drew nothing");
        }
        Assert.True(visit.ConsoleErrors.Count == 0, $"{page}: console errors:\n{string.Join("\n", visit.ConsoleErrors)}");
        // The one request is the page itself: no script, style, font or image was fetched.
        Assert.Equal([new Uri(page).AbsoluteUri], visit.Requests);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], visit.Screenshot.Take(4));
    }

    [SkippableFact]
    public void TheQuickstartReport_ComparesItsSixRuns_AndEveryChartDrawsInChromium()
    {
        Skip.If(quickstart.Skipped is not null, quickstart.Skipped);
        Skip.If(HeadlessChromium.Executable is null, "chromium is not installed (./test.sh installs it: apt-get install chromium)");
        var page = Path.Combine(quickstart.Folder, QuickstartResults.HtmlFile);
        _ = quickstart.Results;
        var html = File.ReadAllText(page);
        Assert.Contains("Held-out accuracy (64 problems)", html);
        Assert.Contains("Configuration that differs", html);
        Assert.Contains("<td>Loss:Script</td><td>sft</td><td>dpo</td><td>kto</td><td>grpo</td><td>online_dpo</td><td>rank_list</td>", html);
        Assert.DoesNotContain("<script", html);
        // The online runs' sampled completions, with their rewards per source.
        Assert.Contains("grpo: sampled completions at step 4", html);
        Assert.Contains("<td>accuracy ", html);

        var visit = HeadlessChromium.Visit(page, ChartCheck);
        File.WriteAllBytes(Path.Combine(quickstart.Folder, "report.png"), visit.Screenshot);
        AssertEveryChartDrew(visit, page, ["loss", "learning_rate", "grad_norm", "tokens_per_second", "rewards/chosen", "rewards/rejected",
            "rewards/margins", "rewards/accuracies", "logps/chosen", "logps/rejected", "kl", "logits/chosen", "logits/rejected", "mean_token_accuracy", "num_tokens", "reward", "entropy"]);
        // Each chart is also a standalone SVG file.
        foreach (var chart in visit.Evaluated!.AsArray())
            Assert.True(File.Exists(Path.Combine(quickstart.Folder, "report_charts", ((string)chart!["metric"]!).Replace('/', '_') + ".svg")));
    }

    [SkippableFact]
    public void TheReportOfOneShortRun_DrawsItsCurvesAndItsEvaluationTableInChromium()
    {
        Skip.If(quickstart.Skipped is not null, quickstart.Skipped);
        Skip.If(HeadlessChromium.Executable is null, "chromium is not installed (./test.sh installs it: apt-get install chromium)");
        _ = quickstart.Results;
        var page = Path.Combine(quickstart.Folder, "dpo-only.html");
        var (code, output) = quickstart.Halos("report", Path.Combine(quickstart.Folder, "dpo"), "--output", page);
        Assert.True(code == 0, output);
        var html = File.ReadAllText(page);
        Assert.DoesNotContain("Configuration that differs", html);
        Assert.Contains("dpo: evaluation at step 8", html);

        var visit = HeadlessChromium.Visit(page, ChartCheck);
        AssertEveryChartDrew(visit, page, ["loss", "rewards/margins", "logits/chosen", "logits/rejected"]);
    }
}
