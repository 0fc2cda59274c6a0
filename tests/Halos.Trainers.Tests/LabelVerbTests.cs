using System.Text.Json;
using Halos.Trainers.Tests.Support;

namespace Halos.Trainers.Tests;

/// <summary>
/// <c>halos label</c> through the real host: samples whose rewards are known (a reward script scores a completion by
/// its length, and skips one), written as preference pairs and as unpaired labels, read back by the stock loaders.
/// </summary>
public sealed class LabelVerbTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private void Samples()
    {
        File.WriteAllText(_folder.Combine("length.csx"), "if (Completion == \"skip\") return null;\nreturn Completion.Length;");
        object[] rows =
        [
            // Prompt 0: best "abc" (3), worst "a" (1).
            new { index = 0, sample = 0, completion = "a", completion_ids = new[] { 97 }, prompt = "p0", answer = 1 },
            new { index = 0, sample = 1, completion = "abc", completion_ids = new[] { 97, 98, 99 }, prompt = "p0", answer = 1 },
            new { index = 0, sample = 2, completion = "ab", completion_ids = new[] { 97, 98 }, prompt = "p0", answer = 1 },
            // Prompt 1: a tie.
            new { index = 1, sample = 0, completion = "xx", completion_ids = new[] { 1, 2 }, prompt = "p1", answer = 1 },
            new { index = 1, sample = 1, completion = "yy", completion_ids = new[] { 3, 4 }, prompt = "p1", answer = 1 },
            // Prompt 2: one sample skipped, so no pair.
            new { index = 2, sample = 0, completion = "skip", completion_ids = new[] { 5 }, prompt = "p2", answer = 1 },
            new { index = 2, sample = 1, completion = "abcd", completion_ids = new[] { 6 }, prompt = "p2", answer = 1 },
        ];
        var conversation = new[] { new { role = "user", content = "p3" } };
        var lines = rows.Select(r => JsonSerializer.Serialize(r)).Concat(
            new[] { "aaaa", "b", "cc", "ddd" }.Select((c, k) => JsonSerializer.Serialize(new { index = 3, sample = k, completion = c, completion_ids = new[] { k }, prompt = conversation })));
        File.WriteAllLines(_folder.Combine("samples.jsonl"), lines);
    }

    // Outside the repository no appsettings.json names the plugins (issue 13 makes them defaults of the host).
    private (int Code, string Output, string Error) Halos(params string[] args) =>
        HalosProcess.Run(_folder.Path, [.. args, "--root", _folder.Path, "--Training:Trainer=auto", "--Model:Plugin=transformers"], 120);

    private static string[] Script => ["--Rewards:Sources:0:Type=script", "--Rewards:Sources:0:Path=length.csx"];

    private List<JsonElement> Rows(string file) =>
        File.ReadAllLines(_folder.Combine(file)).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [SkippableFact]
    public void Pairs_are_each_groups_best_and_worst_and_read_back_as_preference_data()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built ({HalosProcess.HostDll})");
        Samples();
        var run = Halos(["label", "--input", "samples.jsonl", "--output", "pairs.jsonl", .. Script]);
        Assert.True(run.Code == 0, run.Error + run.Output);
        var pairs = Rows("pairs.jsonl");
        Assert.Equal(2, pairs.Count);
        Assert.Equal(("p0", "abc", "a"), (pairs[0].GetProperty("prompt").GetString(), pairs[0].GetProperty("chosen").GetString(), pairs[0].GetProperty("rejected").GetString()));
        Assert.Equal(3.0, pairs[0].GetProperty("score_chosen").GetDouble());
        // A conversational prompt gets conversational completions: one assistant message each.
        Assert.Equal("p3", pairs[1].GetProperty("prompt")[0].GetProperty("content").GetString());
        Assert.Equal("aaaa", pairs[1].GetProperty("chosen")[0].GetProperty("content").GetString());
        Assert.Equal("assistant", pairs[1].GetProperty("rejected")[0].GetProperty("role").GetString());
        Assert.Equal("b", pairs[1].GetProperty("rejected")[0].GetProperty("content").GetString());
        // The summary counts what could not be paired.
        Assert.Contains("ties = 1", run.Output);
        Assert.Contains("groups_without_pair = 1", run.Output);
        Assert.Contains("skipped_samples = 1", run.Output);

        var read = HalosProcess.Run(_folder.Path, ["data", "inspect", "--loader", "trl-preference", "--input", "pairs.jsonl"], 120);
        Assert.True(read.ExitCode == 0, read.Error + read.Output);
        Assert.Contains("rows: 2 read, 0 rejected; examples: 2 pairs", read.Output);
    }

    [SkippableFact]
    public void Unpaired_labels_follow_the_groups_mean_or_a_threshold_and_read_back_as_kto_data()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built ({HalosProcess.HostDll})");
        Samples();
        var byMean = Halos(["label", "--input", "samples.jsonl", "--output", "unpaired.jsonl", "--as", "unpaired", .. Script]);
        Assert.True(byMean.Code == 0, byMean.Error + byMean.Output);
        var labels = Rows("unpaired.jsonl").Select(r => (Text(r), r.GetProperty("label").GetBoolean())).ToList();
        // Means: p0 2 ("ab" sits on it, left out), p1 2 (both on it), p2 4 (one scored sample, on it), p3 2.5.
        Assert.Equal([("a", false), ("abc", true), ("aaaa", true), ("b", false), ("cc", false), ("ddd", true)], labels);

        var byThreshold = Halos(["label", "--input", "samples.jsonl", "--output", "threshold.jsonl", "--as", "unpaired", "--desirable-above", "3", .. Script]);
        Assert.True(byThreshold.Code == 0, byThreshold.Error + byThreshold.Output);
        var thresholded = Rows("threshold.jsonl").Where(r => r.GetProperty("label").GetBoolean()).Select(Text).ToList();
        Assert.Equal(["abc", "abcd", "aaaa", "ddd"], thresholded);

        var read = HalosProcess.Run(_folder.Path, ["data", "inspect", "--loader", "trl-unpaired", "--input", "unpaired.jsonl"], 120);
        Assert.True(read.ExitCode == 0, read.Error + read.Output);
        Assert.Contains("rows: 6 read, 0 rejected", read.Output);

        var wrong = Halos(["label", "--input", "samples.jsonl", "--as", "triples", .. Script]);
        Assert.Equal(2, wrong.Code);
        Assert.Contains("Rewards:LabelAs", wrong.Error + wrong.Output);
        var none = Halos("label", "--input", "samples.jsonl");
        Assert.NotEqual(0, none.Code);
        Assert.Contains("label needs Rewards:Sources", none.Error + none.Output);
    }

    private static string Text(JsonElement row) => row.GetProperty("completion") is { ValueKind: JsonValueKind.Array } messages
        ? messages[0].GetProperty("content").GetString()!
        : row.GetProperty("completion").GetString()!;
}
