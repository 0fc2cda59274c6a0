using System.Diagnostics;
using Halos.Losses.Checking;
using Halos.Losses.Compilation;

namespace Halos.Losses.Commands;

/// <summary>
/// <c>halos loss check &lt;file.csx&gt;</c>: compiles the script, runs it on synthetic inputs of the
/// data it declares, and prints the loss, each input's gradient norm, any NaN/Inf, and a
/// finite-difference check of the gradients. Returns 1 on any failure, 2 on a configuration error (an unknown script or
/// hyperparameter).
/// </summary>
public static class LossCheckCommand
{
    public static int Run(string path, IReadOnlyDictionary<string, string> parameters, LossScriptOptions options, TextWriter stdout, TextWriter stderr) =>
        CommandOutcome.Guard(stderr, () =>
        {
            var clock = Stopwatch.StartNew();
            var script = LossScript.Load(path, parameters, options);
            var how = CompiledScriptCache.LastOutcome switch
            {
                CacheOutcome.Compiled => "compiled",
                CacheOutcome.Disk => "loaded from cache",
                _ => "already loaded",
            };
            stdout.WriteLine($"{path}: {LossListCommand.Describe(script)} ({how} in {clock.Elapsed.TotalMilliseconds:F0} ms)");
            foreach (var p in script.Parameters)
                stdout.WriteLine($"  {p.Name} = {p.FormatValue(script.Values[p.Name])} ({p.TypeName}): {p.Description}");
            stdout.WriteLine($"  reads: {string.Join(", ", script.Inputs)}");

            var inputs = SyntheticInputs.For(script.Inputs);
            var report = GradientCheck.Run(script, inputs);
            stdout.WriteLine($"loss (mean of {SyntheticInputs.Batch} synthetic examples, float64): {report.Loss:G6}");
            stdout.WriteLine($"  {"input",-26} {"|grad|",12} {"max |fd - autograd|",20}");
            foreach (var g in report.Gradients)
                stdout.WriteLine($"  {g.Input,-26} {g.Norm,12:G4} {g.MaxAbsError,20:0.00e+00}  {(g.Passed ? "ok" : "MISMATCH")}");
            stdout.WriteLine(report.NonFinite.Count == 0 ? "NaN/Inf: none" : "NaN/Inf: " + string.Join("; ", report.NonFinite));
            var noGradient = report.Gradients.Count == 0 || report.Gradients.All(g => g.Norm == 0);
            if (noGradient) stdout.WriteLine("gradient: the loss does not depend on any input");
            stdout.WriteLine(report.Passed && !noGradient
                ? $"gradient check: passed (central differences, h = {GradientCheck.Step:G}, tolerance {GradientCheck.AbsoluteTolerance:G} + {GradientCheck.RelativeTolerance:G}·|g|)"
                : "gradient check: FAILED");
            return report.Passed && !noGradient ? CommandOutcome.Ok : CommandOutcome.Failed;
        });
}
