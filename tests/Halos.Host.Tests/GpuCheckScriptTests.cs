using System.Diagnostics;
using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary>
/// scripts/gpu-check.sh as far as a CPU machine can run it: prepare packs the folder carried to a GPU machine (under
/// the 64 MiB carry limit, with a real runtime and the published apps in it), and run refuses without CUDA. These
/// tests use ../shared/bench (the peers prepare copies) and skip when it is absent.
/// </summary>
public sealed class GpuCheckScriptTests
{
    private static string Script => Path.Combine(RepoLayout.Root, "scripts", "gpu-check.sh");

    private static string SharedBench => Path.GetFullPath(Path.Combine(RepoLayout.Root, "..", "shared", "bench"));

    private static CliResult Bash(int timeoutSeconds, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gpu-check.sh {string.Join(" ", args)} did not finish in {timeoutSeconds} s");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static CliResult Tar(string archive)
    {
        var start = new ProcessStartInfo("tar") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-tJf", archive }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    [SkippableFact]
    public void Prepare_writes_a_folder_with_runtime_apps_sources_and_peers_under_the_carry_limit()
    {
        Skip.IfNot(File.Exists(Path.Combine(SharedBench, "peer_dpo_step.py")), $"this test uses ../shared/bench (the bench peers), absent at {SharedBench}");
        var bench = Path.Combine(RepoLayout.Root, "bench", "Halos.Bench", "bin", "Release", "net10.0", "Halos.Bench.dll");
        Skip.IfNot(RepoLayout.Configuration == "Release" && File.Exists(bench) && File.Exists(RepoLayout.HostDll),
            $"prepare --no-build publishes the Release builds of the host and the bench; build them first ({bench})");
        using var temp = new TempFolder("halos-gpu-check");
        var result = Bash(600, "prepare", "--out", temp.Path, "--no-build");
        Assert.True(result.ExitCode == 0, result.ToString());

        var files = Directory.EnumerateFiles(temp.Path, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToList();
        var total = files.Sum(f => f.Length);
        Assert.True(total < 48L * 1024 * 1024, $"the folder holds {total / 1048576.0:F1} MiB; it must stay well under the 64 MiB carry limit");
        Assert.Contains($"holds {total / 1048576} MiB", result.Out);

        // A real runtime (not a stub): the muxer, hostfxr and Microsoft.NETCore.App's core library.
        var runtime = Path.Combine(temp.Path, "runtime.tar.xz");
        Assert.True(new FileInfo(runtime).Length > 10L * 1024 * 1024, "runtime.tar.xz is under 10 MB: not a whole .NET runtime");
        var runtimeList = Tar(runtime);
        Assert.Equal(0, runtimeList.ExitCode);
        var entries = runtimeList.Out.Split('\n');
        Assert.Contains("dotnet", entries);
        Assert.Contains(entries, e => e.StartsWith("shared/Microsoft.NETCore.App/", StringComparison.Ordinal) && e.EndsWith("/System.Private.CoreLib.dll", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.StartsWith("host/fxr/", StringComparison.Ordinal) && e.EndsWith("/libhostfxr.so", StringComparison.Ordinal));

        // The published host with its built-in plugins, and the bench, without the CPU shim (run builds the CUDA one).
        var apps = Tar(Path.Combine(temp.Path, "app.tar.xz"));
        Assert.Equal(0, apps.ExitCode);
        Assert.Contains("./host/halos.dll", apps.Out);
        Assert.Contains("./host/halos.runtimeconfig.json", apps.Out);
        Assert.Contains("./host/plugins/Halos.Trainers/Halos.Trainers.dll", apps.Out);
        Assert.Contains("./bench/Halos.Bench.dll", apps.Out);
        Assert.DoesNotContain("libhalos_torch.so", apps.Out);

        Assert.True(File.Exists(Path.Combine(temp.Path, "native", "CMakeLists.txt")));
        Assert.True(File.Exists(Path.Combine(temp.Path, "native", "src", "op_profiler.cpp")));
        Assert.True(File.Exists(Path.Combine(temp.Path, "losses", "dpo.csx")));
        Assert.Equal(File.ReadAllText(Path.Combine(SharedBench, "peer_dpo_step.py")),
            File.ReadAllText(Path.Combine(temp.Path, "shared", "bench", "peer_dpo_step.py")));
    }

    [SkippableFact]
    public void Run_refuses_on_a_machine_without_cuda()
    {
        Skip.If(File.Exists("/dev/nvidia0"), "this machine has an NVIDIA device; run is meant to work here");
        using var temp = new TempFolder("halos-gpu-check");
        var result = Bash(120, "run", "--dir", temp.Path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no CUDA is present", result.Error);
        Assert.DoesNotContain("PASS", result.Out);
    }
}
