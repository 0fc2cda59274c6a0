using System.Diagnostics;
using System.Text.Json;

namespace Halos.Bench;

/// <summary>Runs a peer (the PyTorch script or the C++ floor) and reads the JSON object on its last line.</summary>
internal static class PeerProcess
{
    public static JsonElement RunJson(string file, params string[] arguments) => RunJson(file, null, arguments);

    public static JsonElement RunJson(string file, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (environment is not null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {p.ExitCode}: {stderr}");
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonDocument.Parse(last).RootElement.Clone();
    }
}
