using System.Diagnostics;
using System.Text.Json;

namespace Halos.Bench.Tokenizers;

/// <summary>Runs bench/tokenizers/encode-bench.mjs: @huggingface/tokenizers on node over the same corpus.</summary>
internal static class NodePeer
{
    public sealed record Result(double SecondsPerPass, List<int[]> Ids);

    public static Result Run(string root, string modules, string[] tokenizerArgs, string corpusFile, double seconds)
    {
        var output = corpusFile + ".ids";
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(root, "bench", "tokenizers", "encode-bench.mjs"));
        foreach (var a in new[] { "--modules", modules, "--input", corpusFile, "--output", output, "--seconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        foreach (var a in tokenizerArgs) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start node");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"node peer failed (exit {process.ExitCode}): {stderr.Result}");
        using var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var ids = File.ReadLines(output).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<int[]>(l)!).ToList();
        File.Delete(output);
        return new Result(doc.RootElement.GetProperty("best_seconds").GetDouble(), ids);
    }
}
