using System.IO.Compression;
using System.Text.RegularExpressions;
using Halos.Trainers.Tests.Support;

namespace Halos.Trainers.Tests;

/// <summary>
/// Every <c>halos</c> line of the README's code blocks runs, through the real process, in a workspace laid out as the
/// README assumes: the repository's <c>appsettings.json</c>, profiles, losses and reward scripts, tiny models where a
/// line says DIR (a GPT-2 with a byte tokenizer; a DeBERTa-v3 reward model for reward-model lines), and small data
/// files under the names the lines use. <c>train</c> and <c>eval</c> lines (also inside <c>launch</c>) get
/// <c>--dry-run</c>, as their real runs need the profile's model and data; every other line runs for real, in README
/// order, so <c>label</c> reads what <c>sample</c> wrote. A line that hands over to the reader (<c>...</c>) is skipped.
/// </summary>
public sealed class ReadmeCommandsEndToEndTests : IDisposable
{
    private readonly TempFolder _workspace = new();

    private static IEnumerable<string> ReadmeLines()
    {
        var inBlock = false;
        foreach (var line in File.ReadLines(Path.Combine(TrainerRun.RepoRoot, "README.md")))
        {
            if (line.StartsWith("```", StringComparison.Ordinal)) { inBlock = !inBlock; continue; }
            if (inBlock && line.StartsWith("halos ", StringComparison.Ordinal) && !line.Contains("...", StringComparison.Ordinal)) yield return line;
        }
    }

    [SkippableFact]
    public void EveryReadmeCommandRuns()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll})");
        Prepare();
        var lines = ReadmeLines().ToList();
        Assert.True(lines.Count >= 15, $"only {lines.Count} runnable halos lines in the README");
        var failures = new List<string>();
        foreach (var line in lines)
        {
            var args = Arguments(line);
            var (code, output, error) = HalosProcess.Run(_workspace.Path, args, 300);
            if (code != 0) failures.Add($"{line}\n  ran: halos {string.Join(' ', args)}\n  exit {code}\n{output}\n{error}");
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        // The lines did their work: the samples were labelled into pairs, and the report was written.
        Assert.True(File.ReadAllLines(_workspace.Combine("pairs.jsonl")).Length > 0);
        Assert.True(File.Exists(_workspace.Combine("report.html")));
    }

    /// <summary>The line's arguments: comments dropped, placeholders filled, run verbs made dry.</summary>
    private static List<string> Arguments(string line)
    {
        var text = Regex.Replace(line, @"\s+#.*$", "");
        foreach (var (placeholder, path) in new[] { ("REWARD_MODEL_DIR", "rm"), ("RM_DIR", "rm"), ("MODEL_DIR", "tiny"), ("DIR", "tiny") })
            text = Regex.Replace(text, $@"\b{placeholder}\b", path);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var command = words.IndexOf("--") is var dash and >= 0 ? words[(dash + 1)..] : words;
        if (command.Count > 0 && command[0] is "train" or "eval" && !words.Contains("--dry-run")) words.Add("--dry-run");
        return words;
    }

    private void Prepare()
    {
        var root = TrainerRun.RepoRoot;
        File.Copy(Path.Combine(root, "appsettings.json"), _workspace.Combine("appsettings.json"));
        foreach (var folder in new[] { "profiles", "losses", "rewards" })
        {
            Directory.CreateDirectory(_workspace.Combine(folder));
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder)))
                File.Copy(file, _workspace.Combine(folder, Path.GetFileName(file)));
        }
        TinyCheckpoint.Write(_workspace.Combine("tiny"));
        TinyCheckpoint.WriteDebertaV3(_workspace.Combine("rm"));
        TinyCheckpoint.Write(_workspace.Combine("runs", "quickstart", "sft", "final"));
        TinyCheckpoint.WriteDebertaV3(_workspace.Combine("runs", "quickstart", "reward", "final"));

        string[] pairs =
        [
            """{"prompt": "The sky is", "chosen": " blue.", "rejected": " green."}""",
            """{"prompt": "Two and two make", "chosen": " four.", "rejected": " five."}""",
            """{"prompt": "Water is", "chosen": " wet.", "rejected": " dry."}""",
            """{"prompt": "Fire is", "chosen": " hot.", "rejected": " cold."}""",
        ];
        File.WriteAllLines(_workspace.Combine("pairs.jsonl"), pairs);
        File.WriteAllLines(_workspace.Combine("held-out.jsonl"), pairs);
        // The profile the README's examples are built on: its data exists, its model is only named (dry runs load none).
        Directory.CreateDirectory(_workspace.Combine("data", "ultrafeedback"));
        File.WriteAllLines(_workspace.Combine("data", "ultrafeedback", "train.jsonl"), pairs);
        File.WriteAllLines(_workspace.Combine("data", "ultrafeedback", "test.jsonl"), pairs);
        File.WriteAllText(_workspace.Combine("in.json"),
            """{ "PolicyChosen": [-1.0, -2.0], "PolicyRejected": [-2.0, -1.0], "ReferenceChosen": [-1.5, -1.5], "ReferenceRejected": [-1.5, -1.5] }""");
        using (var gz = new GZipStream(File.Create(_workspace.Combine("data.jsonl.gz")), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gz))
        {
            writer.WriteLine("""{"chosen": "\n\nHuman: Tell me a joke.\n\nAssistant: Why did the chicken cross the road?", "rejected": "\n\nHuman: Tell me a joke.\n\nAssistant: No."}""");
            writer.WriteLine("""{"chosen": "\n\nHuman: Hi!\n\nAssistant: Hello, how can I help?", "rejected": "\n\nHuman: Hi!\n\nAssistant: Go away."}""");
        }
        File.WriteAllLines(_workspace.Combine("conversations.jsonl"), ["""{"text": "The sky is blue."}""", """{"text": "The sky is green."}"""]);
        File.WriteAllLines(_workspace.Combine("prompts.jsonl"), ["""{"prompt": "What is 2 + 3?", "answer": "5"}""", """{"prompt": "What is 4 + 4?", "answer": "8"}"""]);
        File.WriteAllLines(_workspace.Combine("lines.txt"), ["Hello world", "The sky is blue."]);

        // What the later lines read: samples to label, and two runs to report on.
        Succeeds(["sample", "--model", "tiny", "--input", "prompts.jsonl", "--num-samples", "2", "--max-new-tokens", "8", "--output", "samples.jsonl"]);
        File.WriteAllLines(_workspace.Combine("unpaired.jsonl"),
            ["""{"prompt": "The sky is", "completion": " blue.", "label": true}""", """{"prompt": "The sky is", "completion": " green.", "label": false}"""]);
        foreach (var (run, loss, loader, data) in new[] { ("dpo", "dpo", "trl-preference", "pairs.jsonl"), ("kto", "kto", "trl-unpaired", "unpaired.jsonl") })
            Succeeds(["train", "--Model:Checkpoint=tiny", $"--Data:Loader={loader}", $"--Data:Train={data}", $"--Loss:Script={loss}", "--Training:MaxSteps=2",
                "--Training:BatchSize=2", $"--Training:OutputDir=runs/{run}", "--Training:LoopOptions:Precision=float32", "--Metrics:LogEvery=1", "--quiet"]);
    }

    private void Succeeds(IReadOnlyList<string> args)
    {
        var (code, output, error) = HalosProcess.Run(_workspace.Path, args, 300);
        Assert.True(code == 0, $"halos {string.Join(' ', args)}: exit {code}\n{output}\n{error}");
    }

    public void Dispose() => _workspace.Dispose();
}
