using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Halos.Templates.Tests.Parity;

/// <summary>One template + variables to render with both engines.</summary>
public sealed record ParityCase(string Name, string Template, JsonObject Variables);

/// <summary>What @huggingface/jinja produced for a case: output text, or the error it threw.</summary>
public sealed record ReferenceResult(string? Output, string? Error);

/// <summary>
/// Runs reference/render.mjs under node to render cases with @huggingface/jinja (the npm
/// package in .cache/npm-fixtures), all cases in one process.
/// </summary>
public static class JinjaReference
{
    public static IReadOnlyList<ReferenceResult> Render(IReadOnlyList<ParityCase> cases)
    {
        RepositoryPaths.RequireFixture(Path.Combine(RepositoryPaths.JinjaPackage, "dist", "index.js"));
        string directory = Directory.CreateTempSubdirectory("halos-jinja-").FullName;
        try
        {
            string casesPath = Path.Combine(directory, "cases.json");
            string resultsPath = Path.Combine(directory, "results.json");
            var payload = new JsonArray(cases.Select(c => (JsonNode)new JsonObject
            {
                ["template"] = c.Template,
                ["variables"] = c.Variables.DeepClone(),
            }).ToArray());
            File.WriteAllText(casesPath, payload.ToJsonString());

            var start = new ProcessStartInfo("node")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { RepositoryPaths.ReferenceScript, RepositoryPaths.JinjaPackage, casesPath, resultsPath })
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
            string stderr = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000)) process.Kill();
            if (process.ExitCode != 0) Assert.Fail($"node {RepositoryPaths.ReferenceScript} failed ({process.ExitCode}): {stderr}");

            using var results = JsonDocument.Parse(File.ReadAllText(resultsPath));
            return results.RootElement.EnumerateArray().Select(r => new ReferenceResult(
                r.TryGetProperty("output", out var o) ? o.GetString() : null,
                r.TryGetProperty("error", out var e) ? e.GetString() : null)).ToList();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
