using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Halos.Trainers.Tests.Support;

namespace Halos.Trainers.Tests;

/// <summary>
/// <c>halos train</c> through the real process: plugin discovery finds the trainers and the transformers model plugin,
/// the loader reads a TRL file, the loss script compiles, and the run leaves a final model transformers could load.
/// </summary>
public class HalosTrainEndToEndTests
{
    private static void WriteTrlPairs(string path, int n)
    {
        using var writer = new StreamWriter(path);
        const string letters = "abcdefgh";
        for (var i = 0; i < n; i++)
        {
            var a = letters[i % 8];
            var b = letters[(i + 1 + i / 8 % 7) % 8];
            writer.WriteLine(JsonSerializer.Serialize(new { prompt = $"{a}=", chosen = new string(a, 3), rejected = new string(b, 3) }));
        }
    }

    private static TempFolder Workspace(params string[] losses)
    {
        var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine("losses"));
        foreach (var loss in losses) File.Copy(Path.Combine(TrainerRun.RepoRoot, "losses", loss + ".csx"), folder.Combine("losses", loss + ".csx"));
        TinyCheckpoint.Write(folder.Combine("tiny"));
        WriteTrlPairs(folder.Combine("train.jsonl"), 64);
        WriteTrlPairs(folder.Combine("eval.jsonl"), 16);
        return folder;
    }

    private static string[] Common(string loss, string steps) =>
    [
        "--quiet", "--Training:Trainer=auto", "--Model:Plugin=transformers", "--Model:Checkpoint=tiny",
        "--Data:Loader=trl-preference", "--Data:Train=train.jsonl", "--Data:Eval=eval.jsonl", $"--Loss:Script={loss}",
        "--Training:BatchSize=8", "--Training:Schedule=constant", $"--Training:MaxSteps={steps}", "--Data:MaxLength=32",
        "--Training:OutputDir=run", "--Training:LoopOptions:Precision=float32", "--Metrics:LogEvery=5",
    ];

    private static double Metric(string output, string name)
    {
        var match = Regex.Match(output, $@"^\s+{Regex.Escape(name)} = (\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no {name} in:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [SkippableFact]
    public void DpoTrainsThroughTheHost()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");
        using var folder = Workspace("dpo");
        var (code, output, error) = HalosProcess.Run(folder.Path,
            ["train", "--root", folder.Path, .. Common("dpo", "30"), "--Training:LearningRate=0.003", "--Loss:Params:beta=0.5"]);
        Assert.True(code == 0, $"exit {code}\n{error}\n{output}");
        Assert.True(Metric(output, "eval_rewards/accuracies") >= 0.9, output);
        Assert.True(Metric(output, "eval_loss") < 0.5, output); // log 2 = 0.693 before training
        foreach (var file in new[] { "model.safetensors", "config.json", "tokenizer.json", "tokenizer_config.json" })
            Assert.True(File.Exists(folder.Combine("run", "final", file)), $"final/{file} is missing");
    }

    [SkippableFact]
    public void TrainsFromAFolderHoldingOnlyDataAndAModel()
    {
        // No appsettings.json, no losses/: the trainer, model plugin, metric sink and loss script are the host's own.
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");
        using var folder = Workspace();
        Directory.Delete(folder.Combine("losses"));
        var (code, output, error) = HalosProcess.Run(folder.Path,
        [
            "train", "--root", folder.Path, "--quiet", "--Model:Checkpoint=tiny", "--Data:Loader=trl-preference", "--Data:Train=train.jsonl",
            "--Loss:Script=dpo", "--Training:MaxSteps=2", "--Training:BatchSize=8", "--Data:MaxLength=32", "--Training:OutputDir=run",
        ]);
        Assert.True(code == 0, $"exit {code}\n{error}\n{output}");
        Assert.False(File.Exists(folder.Combine("appsettings.json")));
        var run = JsonDocument.Parse(File.ReadAllText(folder.Combine("run", "run.json"))).RootElement;
        Assert.Equal("auto", run.GetProperty("trainer").GetString());
        Assert.True(File.Exists(folder.Combine("run", "metrics.jsonl")), "the jsonl sink is the default");
    }

    [SkippableFact]
    public void RewardModelTrainsThroughTheHost()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");
        using var folder = Workspace("bradley_terry");
        var (code, output, error) = HalosProcess.Run(folder.Path,
            ["train", "--root", folder.Path, .. Common("bradley_terry", "60"), "--Training:LearningRate=0.01"]);
        Assert.True(code == 0, $"exit {code}\n{error}\n{output}");
        Assert.True(Metric(output, "eval_rewards/accuracies") >= 0.9, output);
        var config = JsonDocument.Parse(File.ReadAllText(folder.Combine("run", "final", "config.json"))).RootElement;
        Assert.Equal("GPT2ForSequenceClassification", config.GetProperty("architectures")[0].GetString());

        // halos score: the trained reward model ranks right answers over wrong ones, and a conversation is scored
        // exactly as the text its chat template renders.
        var rows = new List<string>();
        foreach (var letter in "abcdefgh")
        {
            var other = letter == 'h' ? 'a' : (char)(letter + 1);
            // Training appended EOS to each completion; halos score appends it to a text row the same way.
            rows.Add(JsonSerializer.Serialize(new { id = $"{letter}+", text = $"{letter}={new string(letter, 3)}" }));
            rows.Add(JsonSerializer.Serialize(new { id = $"{letter}-", text = $"{letter}={new string(other, 3)}" }));
        }
        rows.Add(JsonSerializer.Serialize(new { id = "chat", messages = new[] { new { role = "user", content = "a=" }, new { role = "assistant", content = "aaa" } } }));
        rows.Add(JsonSerializer.Serialize(new { id = "rendered", text = "<user>a=\n<assistant>aaa\n" }));
        // A pre-tokenized row (TRL's input_ids) scores exactly as the text it was tokenized from.
        var ids = Halos.Data.Tokenization.HuggingFaceTokenizer.Load(folder.Combine("run", "final")).Encode("a=aaa<|endoftext|>");
        rows.Add(JsonSerializer.Serialize(new { id = "tokens", input_ids = ids }));
        File.WriteAllLines(folder.Combine("conversations.jsonl"), rows);
        (code, output, error) = HalosProcess.Run(folder.Path,
            ["score", "--root", folder.Path, "--quiet", "--model", "run/final", "--input", "conversations.jsonl", "--output", "scores.jsonl",
             "--Training:Trainer=auto", "--Model:Plugin=transformers", "--Training:BatchSize=4"]);
        Assert.True(code == 0, $"exit {code}\n{error}\n{output}");
        var scores = File.ReadAllLines(folder.Combine("scores.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("score").GetDouble());
        Assert.Equal(rows.Count, scores.Count);
        // Each output line carries its input row's index, so it joins back even without an id.
        Assert.Equal(Enumerable.Range(0, rows.Count), File.ReadAllLines(folder.Combine("scores.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("index").GetInt32()));
        Assert.True("abcdefgh".Count(l => scores[$"{l}+"] > scores[$"{l}-"]) >= 7, string.Join(", ", scores));
        Assert.Equal(scores["rendered"], scores["chat"], 5);
        Assert.Equal(scores["a+"], scores["tokens"], 5);

        // A row that is not UTF-8 stops the scoring with the file and line, and no scores file is left half written.
        File.WriteAllBytes(folder.Combine("damaged.jsonl"), [.. "{\"text\": \"a=aaa\"}\n{\"text\": \"caf"u8, 0xE9, .. "\"}\n"u8]);
        (code, output, error) = HalosProcess.Run(folder.Path,
            ["score", "--root", folder.Path, "--quiet", "--model", "run/final", "--input", "damaged.jsonl", "--output", "damaged-scores.jsonl",
             "--Training:Trainer=auto", "--Model:Plugin=transformers"]);
        Assert.NotEqual(0, code);
        Assert.Contains("damaged.jsonl:2: in the row at byte 13: invalid UTF-8", error + output);
        Assert.False(File.Exists(folder.Combine("damaged-scores.jsonl")), "a scores file was written for a damaged input");

        // A policy folder is refused rather than scored through a fresh, random head.
        (code, output, error) = HalosProcess.Run(folder.Path,
            ["score", "--root", folder.Path, "--quiet", "--model", "tiny", "--input", "conversations.jsonl", "--Training:Trainer=auto", "--Model:Plugin=transformers"]);
        Assert.NotEqual(0, code);
        Assert.Contains("score needs a reward model (a *ForSequenceClassification checkpoint)", error + output);
        Assert.Contains("GPT2LMHeadModel, a causal language model (a policy)", error + output);
        Assert.DoesNotContain("\"score\":", output);
    }

    [SkippableFact]
    public void LogProbsOfConversationalPairsEqualEvalsLogProbs()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");
        using var folder = Workspace("dpo");
        // Conversational TRL pairs: the prompt is a user turn, each completion an assistant turn, rendered by the
        // tokenizer's chat template; the rows of different lengths make the batch padded.
        var rows = "abcdef".Select((a, i) => JsonSerializer.Serialize(new
        {
            prompt = new[] { new { role = "user", content = $"{a}=" + new string('?', i % 3) } },
            chosen = new[] { new { role = "assistant", content = new string(a, 3 + i % 2) } },
            rejected = new[] { new { role = "assistant", content = "no" } },
        })).ToList();
        File.WriteAllLines(folder.Combine("chat.jsonl"), rows);

        var (code, output, error) = HalosProcess.Run(folder.Path,
            ["logprobs", "--model", "tiny", "--input", "chat.jsonl", "--loader", "trl-preference", "--batch-size", "4", "--output", "logps.jsonl"]);
        Assert.True(code == 0, $"exit {code}\n{error}\n{output}");
        var lines = File.ReadAllLines(folder.Combine("logps.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Enumerable.Range(0, rows.Count), lines.Select(l => l.GetProperty("index").GetInt32()));
        double Mean(string side, string field) => lines.Average(l => l.GetProperty(side).GetProperty(field).GetDouble());
        // "no" plus the end-of-sequence token training appends, and the template's newline after it.
        Assert.True(lines.All(l => l.GetProperty("rejected").GetProperty("tokens").GetInt32() >= 3), string.Join("\n", lines));

        (code, output, error) = HalosProcess.Run(folder.Path,
            ["eval", "--root", folder.Path, "--quiet", "--model", "tiny", "--reference", "tiny", "--loader", "trl-preference", "--input", "chat.jsonl",
             "--Loss:Script=dpo", "--Training:Trainer=auto", "--Model:Plugin=transformers", "--Training:BatchSize=4", "--Training:LoopOptions:Precision=float32"]);
        Assert.True(code == 0, $"exit {code}\n{error}\n{output}");
        Assert.Equal(Metric(output, "logps/chosen"), Mean("chosen", "sum_logp"), 3);
        Assert.Equal(Metric(output, "logps/rejected"), Mean("rejected", "sum_logp"), 3);
    }
}
