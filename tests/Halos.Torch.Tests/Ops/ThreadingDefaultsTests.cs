using System.Diagnostics;

namespace Halos.Torch.Tests.Ops;

// Debian's libtorch starts with one OpenMP thread; Halos.Torch defaults OMP_NUM_THREADS to the
// cores .NET sees, so element-wise ops use them all. Checked in fresh processes (the distributed
// test worker's "threads" scenario), since this process's count is whatever its tests last set.
public class ThreadingDefaultsTests
{
    static Dictionary<string, string> Threads(string? ompNumThreads)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "Halos.Torch.DistributedWorker.dll");
        Assert.True(File.Exists(worker), $"the worker {worker} was not built beside the tests");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(worker);
        psi.ArgumentList.Add("threads");
        psi.Environment.Remove("OMP_NUM_THREADS");
        if (ompNumThreads is not null) psi.Environment["OMP_NUM_THREADS"] = ompNumThreads;
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"worker exited {process.ExitCode}: {stderr.Result}");
        return lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim());
    }

    [Fact]
    public void ThreadsDefaultToTheCores()
    {
        var seen = Threads(null);
        Assert.Equal(seen["cores"], seen["threads"]);
    }

    [Fact]
    public void AUserSettingIsKept()
    {
        Assert.Equal("1", Threads("1")["threads"]);
    }
}
