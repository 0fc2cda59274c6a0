using Halos.Losses.Compilation;

namespace Halos.Losses.Commands;

/// <summary>
/// <c>halos loss list [--dir losses]</c>: every script with the data it consumes, whether it needs a
/// reference model, and its parameters. A script that does not compile is listed with its errors,
/// and the exit code is 1.
/// </summary>
public static class LossListCommand
{
    public static int Run(string dir, LossScriptOptions options, TextWriter stdout, TextWriter stderr) =>
        CommandOutcome.Guard(stderr, () =>
        {
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: no such directory (pass the losses folder with --dir)");
            var failed = 0;
            var files = Directory.GetFiles(dir, "*.csx").Order(StringComparer.Ordinal).ToList();
            stdout.WriteLine($"{"loss",-16} {"data",-9} {"reference",-9} parameters");
            foreach (var file in files)
            {
                try
                {
                    var script = LossScript.Load(file, options: options);
                    var parameters = string.Join(", ", script.Parameters.Select(p => $"{p.Name}={p.FormatValue(p.Default)}"));
                    stdout.WriteLine($"{script.Name,-16} {Kind(script),-9} {(script.NeedsReference ? "yes" : "no"),-9} {parameters}");
                    foreach (var p in script.Parameters) stdout.WriteLine($"{"",-36}  {p.Name}: {p.Description}");
                }
                catch (LossCompilationException e)
                {
                    failed++;
                    stdout.WriteLine($"{Path.GetFileNameWithoutExtension(file),-16} does not compile:");
                    foreach (var d in e.Diagnostics) stderr.WriteLine(d);
                }
            }
            stdout.WriteLine($"{files.Count} scripts in {dir}" + (failed > 0 ? $", {failed} failed to compile" : ""));
            return failed > 0 ? CommandOutcome.Failed : CommandOutcome.Ok;
        });

    internal static string Kind(LossScript script) => script.Kind.ToString().ToLowerInvariant();

    internal static string Describe(LossScript script) =>
        $"{Kind(script)} data, {(script.NeedsReference ? "uses a reference model" : "no reference model")}";
}
