using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Configuration;
using Halos.Torch;

namespace Halos.Bench;

/// <summary>
/// Issue 8's ranked-reviews benchmark: a reward model trained with losses/rank_list.csx on
/// ../shared/data/ranked-reviews/sample.tsv (rows 1-800 train, 801-1000 held out) through the real <c>halos train</c>
/// process and the ranked-tsv loader; prints the held-out pairwise accuracy (eval_rewards/accuracies: the share of
/// ordered pairs in each list that the scores put in the right order; 0.5 is chance).
/// The issue's backbone, ernie-3.0-base-zh, cannot be downloaded here, so the model is a small GPT-2 from scratch
/// with a character-level tokenizer built from the training rows (each Chinese character one token).
/// </summary>
internal static class RankedReviewsBenchmark
{
    private const string EndOfText = "<|endoftext|>", Unknown = "<unk>";

    public static int Run(string[] argv)
    {
        var a = new BenchArgs(argv);
        var root = RepoRoot();
        var data = Path.Combine(a.Get("shared", Path.Combine(root, "..", "shared")), "data", "ranked-reviews", "sample.tsv");
        var halos = a.Get("halos", Path.Combine(root, "src", "Halos.Host", "bin", "Release", "net10.0", "halos.dll"));
        if (!File.Exists(data)) return Fail($"ranked: {data} is missing; pass --shared DIR (the folder holding data/ranked-reviews/sample.tsv)");
        if (!File.Exists(halos)) return Fail($"ranked: {halos} is missing; build it with 'dotnet build src/Halos.Host -c Release' or pass --halos PATH");
        var (trainRows, width, layers, steps, maxLength) = (a.GetInt("train-rows", 800), a.GetInt("width", 128), a.GetInt("layers", 2), a.GetInt("steps", 300), a.GetInt("max-length", 128));

        var work = Directory.CreateTempSubdirectory("halos-ranked-").FullName;
        try
        {
            var rows = File.ReadAllLines(data).Where(l => l.Length > 0).ToList();
            File.WriteAllLines(Path.Combine(work, "train.tsv"), rows.Take(trainRows));
            File.WriteAllLines(Path.Combine(work, "eval.tsv"), rows.Skip(trainRows));
            var model = Path.Combine(work, "model");
            var vocab = WriteCharacterTokenizer(model, rows.Take(trainRows));
            WriteModel(model, vocab, width, layers, maxLength);

            Console.WriteLine($"machine: {MachineInfo.Describe()}");
            Console.WriteLine($"data: {data}: {trainRows} lists train, {rows.Count - trainRows} held out, {rows[0].Split('\t').Length} responses per list");
            Console.WriteLine($"model: GPT-2 from scratch ({layers} layers, width {width}), character tokenizer of {vocab} tokens built from the training rows " +
                              "(ernie-3.0-base-zh, the issue's backbone, cannot be downloaded here); loss rank_list, max length " + maxLength);
            var clock = Stopwatch.StartNew();
            var output = RunHalos(halos, root,
            [
                "train", "--quiet", $"--Model:Checkpoint={model}", "--Data:Loader=ranked-tsv",
                $"--Data:Train={Path.Combine(work, "train.tsv")}", $"--Data:Eval={Path.Combine(work, "eval.tsv")}",
                "--Loss:Script=rank_list", $"--Data:MaxLength={maxLength}", "--Training:BatchSize=8",
                "--Training:LearningRate=0.001", "--Training:Schedule=constant", "--Training:WeightDecay=0", $"--Training:MaxSteps={steps}",
                "--Training:LoopOptions:Precision=float32", $"--Training:OutputDir={Path.Combine(work, "run")}", "--Metrics:LogEvery=50",
            ]);
            var accuracy = Metric(output, "eval_rewards/accuracies");
            Console.WriteLine($"trained {steps} steps in {clock.Elapsed.TotalSeconds:F0} s");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"held-out pairwise accuracy: {accuracy:F4} (chance 0.5000)"));
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A tokenizer.json whose vocabulary is every character of the rows (BPE without merges), plus EOS/pad and unknown.</summary>
    private static int WriteCharacterTokenizer(string folder, IEnumerable<string> rows)
    {
        Directory.CreateDirectory(folder);
        var characters = rows.SelectMany(r => r.Split('\t')).SelectMany(EnumerateCharacters).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        var vocab = new JsonObject();
        for (var i = 0; i < characters.Count; i++) vocab[characters[i]] = i;
        vocab[Unknown] = characters.Count;
        vocab[EndOfText] = characters.Count + 1;
        JsonObject Special(string content, int id) => new()
        {
            ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
        };
        var tokenizer = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(Special(Unknown, characters.Count), Special(EndOfText, characters.Count + 1)),
            ["normalizer"] = null, ["pre_tokenizer"] = null, ["post_processor"] = null, ["decoder"] = null,
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = Unknown, ["continuing_subword_prefix"] = null, ["end_of_word_suffix"] = null,
                ["fuse_unk"] = true, ["byte_fallback"] = false, ["vocab"] = vocab, ["merges"] = new JsonArray(),
            },
        };
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), tokenizer.ToJsonString());
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), new JsonObject
        {
            ["eos_token"] = EndOfText, ["pad_token"] = EndOfText, ["unk_token"] = Unknown, ["tokenizer_class"] = "PreTrainedTokenizerFast",
        }.ToJsonString());
        return characters.Count + 2;
    }

    /// <summary>Characters as strings, keeping surrogate pairs whole.</summary>
    private static IEnumerable<string> EnumerateCharacters(string text)
    {
        var e = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext()) yield return (string)e.Current;
    }

    private static void WriteModel(string folder, int vocab, int width, int layers, int maxLength)
    {
        torch.manual_seed(0);
        var json = $$$"""{"model_type":"gpt2","architectures":["GPT2LMHeadModel"],"vocab_size":{{{vocab}}},"n_positions":{{{maxLength}}},"n_embd":{{{width}}},"n_layer":{{{layers}}},"n_head":4,"eos_token_id":{{{vocab - 1}}},"pad_token_id":{{{vocab - 1}}}}""";
        using var model = ArchitectureCatalog.Create(HfConfig.Parse(json, "bench"));
        HfCheckpoint.Save(model, folder);
    }

    private static string RunHalos(string halos, string root, string[] arguments)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        psi.ArgumentList.Add(halos);
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet " + halos);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"halos train exited {process.ExitCode}:\n{output}\n{error.Result}");
        return output;
    }

    /// <summary>"  name = value" from the summary <c>halos train</c> prints.</summary>
    private static double Metric(string output, string name)
    {
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(name + " = "))
                   ?? throw new InvalidOperationException($"halos train printed no {name}:\n{output}");
        return double.Parse(line[(name.Length + 3)..], CultureInfo.InvariantCulture);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    private static string RepoRoot()
    {
        // Above the bench's own folder, or above the current one (a bench built elsewhere with -o).
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("cannot find the repository root (the folder holding Halos.Plugins.sln); run from inside the repository");
    }
}
