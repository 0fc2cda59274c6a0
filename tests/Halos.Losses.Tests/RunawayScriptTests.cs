using System.Diagnostics;
using Halos.Abstractions.Losses;
using Halos.Losses.Compilation;
using Halos.Torch;
using Microsoft.Extensions.Configuration;

namespace Halos.Losses.Tests;

/// <summary>
/// Scripts that would never return: recursion is refused when the script compiles (a stack overflow would end the
/// process), and a loop that never ends is stopped by the per-call watchdog or by the host's interrupt (Ctrl+C).
/// </summary>
public class RunawayScriptTests
{
    private static LossCompilationException Refused(string text, bool unrestricted = false)
    {
        var path = TempScripts.Write(text);
        return Assert.Throws<LossCompilationException>(() =>
            LossScript.Load(path, options: TestCache.Options with { AllowUnrestricted = unrestricted }));
    }

    private static LossInputs Pair() => new() { PolicyChosen = torch.tensor(new[] { 2.0 }, 1), PolicyRejected = torch.tensor(new[] { 1.0 }, 1) };

    [Theory]
    [InlineData("double F(double x) => x <= 0 ? 0 : F(x - 1);\nConsumes(DataKind.Paired);\nreturn Loss(PolicyChosen * F(3));", "method F calls itself", 1)]
    [InlineData("Consumes(DataKind.Paired);\ndouble Down(int n) { return n == 0 ? 0 : Down(n - 1); }\nreturn Loss(PolicyChosen * Down(2));", "method Down calls itself", 2)]
    [InlineData("Consumes(DataKind.Paired);\ndouble A(int n) => n == 0 ? 0 : B(n - 1);\ndouble B(int n) => A(n);\nreturn Loss(PolicyChosen * A(4));", "method A calls itself through method B", 2)]
    [InlineData("Consumes(DataKind.Paired);\nreturn Loss(PolicyChosen * Outer(3));\ndouble Outer(int n) { double Inner(int k) => k == 0 ? 0 : Inner(k - 1); return Inner(n); }", "local function Inner calls itself", 3)]
    [InlineData("Consumes(DataKind.Paired);\nFunc<int, int> f = null!;\nf = n => n == 0 ? 0 : f(n - 1);\nreturn Loss(PolicyChosen * f(5));", "the lambda on line 3 calls itself", 3)]
    [InlineData("Consumes(DataKind.Paired);\nint Twice(Func<int, int> g, int n) => g(g(n));\nint Self(int n) => Twice(Self, n);\nreturn Loss(PolicyChosen * Self(1));", "method Twice calls itself through method Self", 2)]
    public void RecursionIsRefusedWhenTheScriptCompiles(string text, string expected, int line)
    {
        var e = Refused(text);
        var diagnostic = Assert.Single(e.Diagnostics, d => d.Contains("HALOS002"));
        Assert.Contains($".csx({line},", diagnostic);
        Assert.Contains(expected, diagnostic);
        Assert.Contains("recursion is not allowed", diagnostic);
    }

    [Fact]
    public void RecursionIsRefusedInUnrestrictedScriptsToo()
    {
        var e = Refused("class Deep { public static int Go(int n) => Go(n + 1); }\nConsumes(DataKind.Paired);\nreturn Loss(PolicyChosen * Deep.Go(0));", unrestricted: true);
        Assert.Contains(e.Diagnostics, d => d.Contains("HALOS002") && d.Contains("method Go calls itself"));
    }

    [Fact]
    public void HelpersThatCallEachOtherWithoutACycleCompile()
    {
        var path = TempScripts.Write("""
            Consumes(DataKind.Paired);
            double Square(double x) => x * x;
            double SumOfSquares(int n) { var s = 0.0; for (var i = 1; i <= n; i++) s += Square(i); return s; }
            Func<double, double> twice = x => 2 * x;
            return Loss(PolicyChosen * twice(SumOfSquares(3)));
            """);
        // Unrestricted, because a restricted script may not name Func.
        var script = LossScript.Load(path, options: TestCache.Options with { AllowUnrestricted = true });
        using var scope = torch.NewDisposeScope();
        Assert.Equal(2.0 * 2 * 14, script.Compute(Pair()).Losses.item<double>(), 12);
    }

    [Theory]
    [InlineData("while (true) { }")]
    [InlineData("for (;;) ;")]
    [InlineData("var k = 0; do { k++; } while (k >= 0 || true);")]
    [InlineData("again: goto again;")]
    public void ALoopThatNeverEndsIsStoppedAfterTheCallTimeout_NamingTheScript(string loop)
    {
        var path = TempScripts.Write($"Consumes(DataKind.Paired);\n{loop}\nreturn Loss(PolicyChosen);");
        var script = LossScript.Load(path, options: TestCache.Options with { CallTimeout = TimeSpan.FromMilliseconds(300) });
        using var scope = torch.NewDisposeScope();
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<LossTimeoutException>(() => script.Compute(Pair()));
        clock.Stop();
        Assert.Equal(path, e.ScriptPath);
        Assert.StartsWith($"{path}: one call of the loss script ran longer than its limit of 0.3 s", e.Message);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.29, 10);
    }

    [Fact]
    public void TheInterruptStopsAScriptStuckInALoop()
    {
        var path = TempScripts.Write("Consumes(DataKind.Paired);\nvar n = 0L;\nwhile (n >= 0) n = n * 1;\nreturn Loss(PolicyChosen);");
        using var interrupt = new CancellationTokenSource();
        var script = LossScript.Load(path, options: TestCache.Options with { Interrupt = interrupt.Token, CallTimeout = Timeout.InfiniteTimeSpan });
        interrupt.CancelAfter(200);
        using var scope = torch.NewDisposeScope();
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => script.Compute(Pair()));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.19, 10);
    }

    [Fact]
    public void LinesOfRunTimeErrorsAreThoseTheAuthorWrote_AfterTheLoopsAreInstrumented()
    {
        var path = TempScripts.Write("Consumes(DataKind.Paired);\nfor (var i = 0; i < 3; i++)\n{\n    if (i == 2) throw new InvalidOperationException(\"boom\");\n}\nreturn Loss(PolicyChosen);");
        var script = LossScript.Load(path, options: TestCache.Options);
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<LossScriptException>(() => script.Compute(Pair()));
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void TheCallTimeoutIsConfigurable()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Loss:Script"] = TempScripts.Write("Consumes(DataKind.Paired);\nwhile (true) { }\nreturn Loss(PolicyChosen);"),
            ["Loss:CallTimeoutSeconds"] = "0.25",
            ["Loss:CacheDirectory"] = TestCache.Directory,
        }).Build();
        var loss = Halos.Losses.Configuration.LossConfiguration.Load(config.GetSection("Loss"), RepoPaths.Losses);
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<LossTimeoutException>(() => loss.Compute(Pair()));
        Assert.Equal(TimeSpan.FromSeconds(0.25), e.Limit);

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            { ["Loss:Script"] = "dpo", ["Loss:CallTimeoutSeconds"] = "-1" }).Build();
        var refused = Assert.Throws<LossConfigurationException>(() => Halos.Losses.Configuration.LossConfiguration.Load(bad.GetSection("Loss"), RepoPaths.Losses));
        Assert.Contains("Loss:CallTimeoutSeconds expects seconds between 0 and 86400", refused.Message);
        Assert.Equal(TimeSpan.FromSeconds(60), LossScriptOptions.Default.CallTimeout);
    }
}
