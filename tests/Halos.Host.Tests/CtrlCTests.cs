using System.Diagnostics;
using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>SIGINT (what Ctrl+C sends) to a real halos train: the loop saves a checkpoint and the process exits with 130.</summary>
[Collection(FixturePluginsCollection.Name)]
public sealed class CtrlCTests(FixturePlugins fixtures)
{
    [SkippableFact]
    public void Sigint_DuringTraining_SavesACheckpoint_AndExitsCleanlyWith130()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "sends SIGINT with kill(1)");
        using var root = new TempFolder();
        root.File("d", "");
        root.Loss("dpo");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            RepoLayout.HostDll, "train", "--quiet", $"--Plugins:Paths:0={fixtures.Runnable}", "--Training:Trainer=fixture-trainer",
            "--Model:Plugin=fixture-model", "--Model:Checkpoint=m", "--Data:Loader=fixture-loader", "--Data:Train=d", "--Loss:Script=dpo",
            "--Training:OutputDir=out", "--Training:Loop=fixture-slow",
        }) start.ArgumentList.Add(a);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = new System.Text.StringBuilder();
        var started = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
            if (e.Data.StartsWith("train 1/600")) started.Set();
        };
        process.BeginErrorReadLine();
        try
        {
            Assert.True(started.Wait(TimeSpan.FromSeconds(60)), "no progress line within 60 s: " + stderr);
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()])) kill.WaitForExit();
            Assert.True(process.WaitForExit(30_000), "halos did not stop within 30 s of SIGINT");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        process.WaitForExit();
        var error = stderr.ToString();
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{stdout.Result}\n{error}");
        var checkpoint = Directory.GetDirectories(Path.Combine(root.Path, "out")).Single();
        Assert.Matches("checkpoint-[0-9]+$", checkpoint);
        Assert.Contains($"checkpoint saved to {checkpoint}", error);
        Assert.StartsWith("{\"global_step\": ", File.ReadAllText(Path.Combine(checkpoint, "trainer_state.json")));
    }
}
