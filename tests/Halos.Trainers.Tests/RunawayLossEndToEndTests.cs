using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Halos.Trainers.Tests.Support;

namespace Halos.Trainers.Tests;

/// <summary>
/// <c>halos train</c> with a loss script that stops returning mid-run (an unrestricted script that spins, or sleeps, once
/// the test drops a file): the watchdog's limit, the first Ctrl+C and the second Ctrl+C, through the real process.
/// </summary>
public sealed class RunawayLossEndToEndTests
{
    private const string Script = """
        Consumes(DataKind.Paired);
        while (System.IO.File.Exists("spin")) { }
        if (System.IO.File.Exists("sleep")) System.Threading.Thread.Sleep(-1);
        return Loss(-logsigmoid(PolicyChosen - PolicyRejected));
        """;

    private sealed class Run : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stderr = new();
        private readonly Task<string> _stdout;
        private int _step;

        public Run(TempFolder folder, params string[] extra)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[]
                     {
                         HalosProcess.HostDll, "train", "--root", folder.Path, "--Training:Trainer=auto", "--Model:Plugin=transformers",
                         "--Model:Checkpoint=tiny", "--Data:Loader=trl-preference", "--Data:Train=train.jsonl", "--Loss:Script=losses/spin.csx",
                         "--Loss:AllowUnrestricted=true", $"--Loss:CacheDirectory={folder.Combine("cache")}", "--Training:BatchSize=4",
                         "--Training:MaxSteps=100000", "--Data:MaxLength=32", "--Training:OutputDir=run", "--Training:LoopOptions:Precision=float32",
                         "--Training:CheckpointEvery=2", "--Training:KeepCheckpoints=0",
                     }.Concat(extra)) start.ArgumentList.Add(a);
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("HALOS__", StringComparison.OrdinalIgnoreCase)).ToList())
                start.Environment.Remove(key);
            _process = Process.Start(start)!;
            _stdout = _process.StandardOutput.ReadToEndAsync();
            _process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_stderr) _stderr.AppendLine(e.Data);
                var m = Regex.Match(e.Data, @"^train (\d+)/");
                if (m.Success) Volatile.Write(ref _step, int.Parse(m.Groups[1].Value));
            };
            _process.BeginErrorReadLine();
        }

        public string Error { get { lock (_stderr) return _stderr.ToString(); } }

        public void WaitForStep(int step)
        {
            var clock = Stopwatch.StartNew();
            while (Volatile.Read(ref _step) < step)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120) && !_process.HasExited, $"no step {step}: {Error}");
                Thread.Sleep(50);
            }
        }

        public void Interrupt()
        {
            using var kill = Process.Start("kill", ["-INT", _process.Id.ToString()]);
            kill.WaitForExit();
        }

        public (int Code, string Output, string Error) Exit()
        {
            Assert.True(_process.WaitForExit(60_000), "halos did not exit within 60 s: " + Error);
            _process.WaitForExit();
            return (_process.ExitCode, _stdout.Result, Error);
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
    }

    private static TempFolder Workspace()
    {
        var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine("losses"));
        File.WriteAllText(folder.Combine("losses", "spin.csx"), Script);
        TinyCheckpoint.Write(folder.Combine("tiny"));
        using var writer = new StreamWriter(folder.Combine("train.jsonl"));
        for (var i = 0; i < 64; i++)
            writer.WriteLine(JsonSerializer.Serialize(new { prompt = $"{"abcd"[i % 4]}=", chosen = "aaa", rejected = "bbb" }));
        return folder;
    }

    private static long[] Checkpoints(TempFolder folder) => Directory.GetDirectories(folder.Combine("run"), "checkpoint-*")
        .Select(d => long.Parse(Path.GetFileName(d)["checkpoint-".Length..])).Order().ToArray();

    [SkippableFact]
    public void TheFirstCtrlC_StopsAScriptStuckInALoop_AndSavesTheLastCompletedStep()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "sends SIGINT with kill(1)");
        using var folder = Workspace();
        using var run = new Run(folder);
        run.WaitForStep(3);
        File.WriteAllText(folder.Combine("spin"), "");
        Thread.Sleep(1500);
        run.Interrupt();
        var (code, output, error) = run.Exit();
        Assert.True(code == 130, $"exit {code}\n{output}\n{error}");
        var last = Checkpoints(folder)[^1];
        Assert.Contains($"interrupted at step {last}; checkpoint saved to {folder.Combine("run", $"checkpoint-{last}")}", error);
    }

    [SkippableFact]
    public void AScriptPastItsTimeLimit_StopsTheRunNamingIt_AfterACheckpoint()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");
        using var folder = Workspace();
        using var run = new Run(folder, "--Loss:CallTimeoutSeconds=1");
        run.WaitForStep(3);
        File.WriteAllText(folder.Combine("spin"), "");
        var (code, output, error) = run.Exit();
        Assert.True(code == 1, $"exit {code}\n{output}\n{error}");
        var last = Checkpoints(folder)[^1];
        Assert.Contains("halos train: stopped: losses/spin.csx: one call of the loss script ran longer than its limit of 1 s", error);
        Assert.Contains($"the checkpoint of the last completed step (step {last}) is {folder.Combine("run", $"checkpoint-{last}")}", error);
    }

    [SkippableFact]
    public void TheSecondCtrlC_ExitsWithoutSaving_NamingTheLatestCheckpoint_WithItsOwnCode()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "sends SIGINT with kill(1)");
        using var folder = Workspace();
        using var run = new Run(folder);
        run.WaitForStep(3);
        // A sleep has no loop turn: the first Ctrl+C cannot reach it, so the second is what ends the process.
        File.WriteAllText(folder.Combine("sleep"), "");
        Thread.Sleep(1500);
        var saved = Checkpoints(folder);
        run.Interrupt();
        Thread.Sleep(1000);
        run.Interrupt();
        var (code, output, error) = run.Exit();
        Assert.True(code == 3, $"exit {code}\n{output}\n{error}");
        Assert.Equal(saved, Checkpoints(folder));
        var latest = folder.Combine("run", $"checkpoint-{saved[^1]}");
        Assert.Contains($"halos: second Ctrl+C: exiting now without saving (exit 3); the latest checkpoint is {latest}", error);
    }
}
