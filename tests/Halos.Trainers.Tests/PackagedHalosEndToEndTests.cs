using System.Diagnostics;
using Halos.Trainers.Tests.Support;

namespace Halos.Trainers.Tests;

/// <summary>
/// halos as others get it, as packages. A team's plugin from outside the repository: the contract packed by <c>scripts/pack.sh</c> into a local feed,
/// a loader, a metric sink, a model and a trainer made with <c>dotnet new halos-plugin</c>, built by the SDK against the packages,
/// named as plugin folders, and used in a training run through the real host. The loader's output holds no engine, and its
/// typed options are checked by the host. And halos itself installed as a .NET tool, run from a folder that holds
/// only data and a model.
/// </summary>
public class PackagedHalosEndToEndTests
{
    private static (int Code, string Output) Run(string workingDirectory, string program, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} took over 5 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [SkippableFact]
    public void ALoaderFromTheTemplateBuildsAgainstThePackedContractAndTrains()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");
        using var folder = new TempFolder();
        var feed = folder.Combine("feed");
        var cache = folder.Combine("nuget");
        // Restore offline: the halos packages from the feed (into a fresh cache, so an older 2.0.0 is never reused),
        // everything else from the machine's package folder.
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                              ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = cache };

        var pack = Run(TrainerRun.RepoRoot, "bash", environment, Path.Combine(TrainerRun.RepoRoot, "scripts", "pack.sh"), feed, "--no-build");
        Assert.True(pack.Code == 0, pack.Output);
        Assert.Equal(["Halos.Abstractions.2.0.0.nupkg", "Halos.Abstractions.Torch.2.0.0.nupkg", "Halos.Torch.2.0.0.nupkg"],
            Directory.EnumerateFiles(feed).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var hive = folder.Combine("hive");
        var install = Run(folder.Path, "dotnet", environment, "new", "install", Path.Combine(TrainerRun.RepoRoot, "templates", "halos-plugin"), "--debug:custom-hive", hive);
        Assert.True(install.Code == 0, install.Output);
        string Make(string project, string kind, string name)
        {
            var create = Run(folder.Path, "dotnet", environment, "new", "halos-plugin", "-n", project, "--kind", kind, "--pluginName", name,
                "--feed", feed, "-o", project, "--debug:custom-hive", hive);
            Assert.True(create.Code == 0, create.Output);
            File.WriteAllText(folder.Combine(project, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources><clear /><add key="halos" value="{feed}" /></packageSources>
                  <fallbackPackageFolders><add key="machine" value="{machinePackages}" /></fallbackPackageFolders>
                </configuration>
                """);
            var build = Run(folder.Combine(project), "dotnet", environment, "build", "-c", "Release", "--nologo", "-v", "q");
            Assert.True(build.Code == 0, build.Output);
            return folder.Combine(project, "bin", "Release", "net10.0");
        }
        var output = Make("TsvPairs", "loader", "tsv-pairs");
        var sink = Make("TsvMetrics", "metric-sink", "tsv-metrics");
        var files = Directory.EnumerateFiles(output).Select(Path.GetFileName).ToList();
        Assert.Contains("TsvPairs.dll", files);
        Assert.DoesNotContain(files, f => f!.StartsWith("Halos.") || f.StartsWith("libhalos_torch"));

        TinyCheckpoint.Write(folder.Combine("tiny"));
        var pairs = Enumerable.Range(0, 32).Select(i => $"{(char)('a' + i % 8)}=\t{new string((char)('a' + i % 8), 3)}\t{new string((char)('a' + (i + 3) % 8), 3)}");
        File.WriteAllLines(folder.Combine("pairs.tsv"), pairs);
        string[] train =
        [
            "train", "--root", folder.Path, "--quiet", $"--Plugins:Paths:0={output}", $"--Plugins:Paths:1={sink}", "--Metrics:Sinks:0=tsv-metrics",
            "--Metrics:LogEvery=1", "--Data:Loader=tsv-pairs", "--Data:Train=pairs.tsv",
            "--Model:Checkpoint=tiny", "--Loss:Script=dpo", "--Training:MaxSteps=2", "--Training:BatchSize=8", "--Data:MaxLength=32",
            "--Training:OutputDir=run", "--Training:LoopOptions:Precision=float32",
        ];
        var typo = HalosProcess.Run(folder.Path, [.. train, "--Data:Options:Seprator=,"]);
        Assert.True(typo.ExitCode == 2, $"{typo.Output}\n{typo.Error}");
        Assert.Contains("Data:Options:Seprator: unknown key; did you mean 'Data:Options:Separator'? [settings of plugin 'tsv-pairs']", typo.Error);
        Assert.False(Directory.Exists(folder.Combine("run")));

        var (code, stdout, error) = HalosProcess.Run(folder.Path, train);
        Assert.True(code == 0, $"exit {code}\n{error}\n{stdout}");
        Assert.True(File.Exists(folder.Combine("run", "final", "model.safetensors")), "no final model");
        // The sink from the template wrote the run's metrics: step, phase, name, value per line.
        var logged = File.ReadAllLines(folder.Combine("run", "metrics.tsv")).Select(l => l.Split('\t')).ToList();
        Assert.Contains(logged, f => f is ["2", "train", "loss", _]);

        // The model variant: its own architecture and tokenizer, trained from scratch, saved, and trained on from its folder.
        var model = Make("ByteLm", "model", "byte-lm");
        Assert.DoesNotContain(Directory.EnumerateFiles(model).Select(Path.GetFileName), f => f!.StartsWith("Halos.") || f.StartsWith("libhalos_torch"));
        File.WriteAllLines(folder.Combine("sft.jsonl"), Enumerable.Repeat("""{"prompt": "2+2=", "completion": "4"}""", 16));
        string[] sft = ["train", "--root", folder.Path, "--quiet", $"--Plugins:Paths:0={model}", "--Model:Plugin=byte-lm", "--Data:Loader=sft",
            "--Data:Train=sft.jsonl", "--Loss:Script=sft", "--Training:MaxSteps=2", "--Training:BatchSize=8", "--Training:LoopOptions:Precision=float32"];
        var scratch = HalosProcess.Run(folder.Path, [.. sft, "--Model:Architecture=byte-lm", "--Model:Options:Width=16", "--Training:OutputDir=bytes"]);
        Assert.True(scratch.ExitCode == 0, $"{scratch.Error}\n{scratch.Output}");
        var resumed = HalosProcess.Run(folder.Path, [.. sft, "--Model:Checkpoint=bytes/final", "--Training:OutputDir=bytes2"]);
        Assert.True(resumed.ExitCode == 0, $"{resumed.Error}\n{resumed.Output}");
        Assert.Contains("\"hidden_size\":16", File.ReadAllText(folder.Combine("bytes2", "final", "config.json")));

        // The trainer variant, with the model variant: it tokenizes and pads by itself, and the sft loss learns the answer.
        var trainer = Make("MySft", "trainer", "my-sft");
        string[] own = ["train", "--root", folder.Path, "--quiet", $"--Plugins:Paths:0={model}", $"--Plugins:Paths:1={trainer}", "--Training:Trainer=my-sft",
            "--Model:Plugin=byte-lm", "--Model:Architecture=byte-lm", "--Data:Loader=sft", "--Data:Train=sft.jsonl", "--Loss:Script=sft",
            "--Training:MaxSteps=20", "--Training:BatchSize=8", "--Training:LearningRate=0.05", "--Training:Schedule=constant", "--Training:OutputDir=own"];
        var misspelt = HalosProcess.Run(folder.Path, [.. own, "--Training:TrainerOptions:MaxTokns=64"]);
        Assert.Equal(2, misspelt.ExitCode);
        Assert.Contains("did you mean 'Training:TrainerOptions:MaxTokens'? [settings of plugin 'my-sft']", misspelt.Error);
        var learnt = HalosProcess.Run(folder.Path, [.. own, "--Training:TrainerOptions:MaxTokens=64"]);
        Assert.True(learnt.ExitCode == 0, $"{learnt.Error}\n{learnt.Output}");
        var loss = double.Parse(System.Text.RegularExpressions.Regex.Match(learnt.Output, @"^\s+loss = (\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(loss < 0.1, $"the sft loss after 20 steps is {loss} (ln 258 = 5.55 at the start)\n{learnt.Output}");
    }

    [SkippableFact]
    public void HalosInstalledAsADotnetToolTrainsFromAnyFolder()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");
        using var folder = new TempFolder();
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = folder.Combine("nuget") };
        var pack = Run(TrainerRun.RepoRoot, "dotnet", environment, "pack", Path.Combine(TrainerRun.RepoRoot, "src", "Halos.Host", "Halos.Host.csproj"),
            "-c", "Release", "--no-build", "-o", folder.Combine("feed"), "--nologo", "-v", "q");
        Assert.True(pack.Code == 0, pack.Output);
        var install = Run(folder.Path, "dotnet", environment, "tool", "install", "halos", "--tool-path", folder.Combine("tools"),
            "--add-source", folder.Combine("feed"), "--version", "2.0.0");
        Assert.True(install.Code == 0, install.Output);
        var halos = folder.Combine("tools", "halos");

        // A folder with data and a model only: no appsettings.json, no losses/, no plugins/.
        var work = folder.Combine("work");
        Directory.CreateDirectory(work);
        TinyCheckpoint.Write(Path.Combine(work, "tiny"));
        File.WriteAllLines(Path.Combine(work, "pairs.jsonl"), Enumerable.Range(0, 16).Select(i =>
            $$"""{"prompt": "{{(char)('a' + i % 8)}}=", "chosen": "{{new string((char)('a' + i % 8), 3)}}", "rejected": "{{new string((char)('a' + (i + 3) % 8), 3)}}"}"""));
        var losses = Run(work, halos, environment, "loss", "list");
        Assert.True(losses.Code == 0, losses.Output);
        Assert.Contains("dpo ", losses.Output);
        var train = Run(work, halos, environment, "train", "--quiet", "--Model:Checkpoint=tiny", "--Data:Loader=trl-preference", "--Data:Train=pairs.jsonl",
            "--Loss:Script=dpo", "--Training:MaxSteps=2", "--Training:BatchSize=8", "--Data:MaxLength=32", "--Training:OutputDir=run");
        Assert.True(train.Code == 0, train.Output);
        Assert.True(File.Exists(Path.Combine(work, "run", "final", "model.safetensors")), train.Output);
        Assert.Contains("\"trainer\": \"auto\"", File.ReadAllText(Path.Combine(work, "run", "run.json")));
    }
}
