using Halos.Abstractions.Losses;
using Halos.Losses.Compilation;
using Halos.Torch;

namespace Halos.Losses.Tests;

/// <summary>What a researcher sees when a script is wrong: compile errors with line and column, refusals, configuration errors.</summary>
public class DiagnosticsTests
{
    private static LossCompilationException CompileError(string text, LossScriptOptions? options = null)
    {
        var path = TempScripts.Write(text);
        return Assert.Throws<LossCompilationException>(() => LossScript.Load(path, options: options ?? TestCache.Options));
    }

    [Fact]
    public void ASyntaxErrorGetsFileLineAndColumn()
    {
        var e = CompileError("""
            Consumes(DataKind.Paired);
            var beta = Param("beta", 0.1, "inverse temperature");
            var z = beta * (PolicyChosen - PolicyRejected;
            return Loss(-logsigmoid(z));
            """);
        Assert.True(e.Diagnostics.Any(d => System.Text.RegularExpressions.Regex.IsMatch(d, @"custom-[0-9a-f]+\.csx\(3,46\): error CS1026: \) expected")),
            string.Join("\n", e.Diagnostics));
    }

    [Fact]
    public void AnUnknownNameReadsLikeTheCompiler()
    {
        var e = CompileError("""
            Consumes(DataKind.Paired);
            return Loss(-logsigmoid(betta * PolicyChosen));
            """);
        Assert.Contains(e.Diagnostics, d => d.Contains(".csx(2,25): error CS0103: The name 'betta' does not exist in the current context"));
    }

    [Theory]
    [InlineData("var text = System.IO.File.ReadAllText(\"/etc/passwd\");", "System.IO.File")]
    [InlineData("var p = System.Diagnostics.Process.Start(\"sh\");", "System.Diagnostics.Process")]
    [InlineData("var c = new System.Net.Http.HttpClient();", "System.Net.Http.HttpClient")]
    [InlineData("var t = PolicyChosen.GetType().Assembly;", "object.GetType")]
    [InlineData("var t = typeof(Tensor);", "typeof (reflection)")]
    [InlineData("var e = Environment.GetEnvironmentVariable(\"HOME\");", "System.Environment")]
    [InlineData("unsafe { int x = 1; int* p = &x; }", "unsafe code")]
    [InlineData("[System.Runtime.InteropServices.DllImport(\"libc\")] static extern int getpid();", "extern (P/Invoke)")]
    [InlineData("torch.set_num_threads(1);", "Halos.Torch.torch.set_num_threads")]
    [InlineData("var m = Halos.Torch.SafeTensors.SafeTensorsFile.Open(\"x\");", "Halos.Torch.SafeTensors.SafeTensorsFile")]
    public void ForbiddenApisAreRefusedWithTheirLine(string statement, string named)
    {
        var e = CompileError($"""
            Consumes(DataKind.Paired);
            var beta = Param("beta", 0.1, "inverse temperature");
            {statement}
            return Loss(-logsigmoid(beta * (PolicyChosen - PolicyRejected)));
            """);
        Assert.True(e.Diagnostics.Any(d => d.Contains(".csx(3,") && d.Contains("error HALOS001") && d.Contains(named)),
            string.Join("\n", e.Diagnostics));
    }

    [Fact]
    public void ReferenceDirectivesAndForbiddenUsingsAreRefused()
    {
        var e = CompileError("""
            #r "System.IO.dll"
            using System.IO;
            Consumes(DataKind.Paired);
            return Loss(PolicyChosen);
            """);
        Assert.Contains(e.Diagnostics, d => d.Contains(".csx(1,1): error HALOS001: #r is not allowed"));
        Assert.Contains(e.Diagnostics, d => d.Contains(".csx(2,1): error HALOS001: namespace System.IO is not allowed"));
    }

    [Fact]
    public void AProfileMayOptInToUnrestrictedScripts()
    {
        var data = Path.Combine(Path.GetTempPath(), $"halos-beta-{Guid.NewGuid():N}.txt");
        File.WriteAllText(data, "0.25");
        var path = TempScripts.Write($$"""
            Consumes(DataKind.Paired);
            var beta = double.Parse(System.IO.File.ReadAllText("{{data}}"), System.Globalization.CultureInfo.InvariantCulture);
            return Loss(-logsigmoid(beta * (PolicyChosen - PolicyRejected)));
            """);
        Assert.Throws<LossCompilationException>(() => LossScript.Load(path, options: TestCache.Options));
        var script = LossScript.Load(path, options: TestCache.Options with { AllowUnrestricted = true });
        using var scope = torch.NewDisposeScope();
        var r = script.Compute(new LossInputs { PolicyChosen = torch.tensor(new[] { 2.0 }, 1), PolicyRejected = torch.tensor(new[] { 0.0 }, 1) });
        LossAssert.Close(-Scalar.LogSigmoid(0.5), r.Losses, 1e-12);
    }

    [Fact]
    public void MissingOrNonConstantDeclarationsAreCompileErrors()
    {
        var noKind = CompileError("return Loss(PolicyChosen);");
        Assert.Contains(noKind.Diagnostics, d => d.Contains("error HALOS002: the script does not declare the data it consumes"));
        var nonConstant = CompileError("""
            Consumes(DataKind.Paired);
            var name = "be" + PolicyChosen.numel();
            var beta = Param(name, 0.1, "inverse temperature");
            return Loss(PolicyChosen * beta);
            """);
        Assert.Contains(nonConstant.Diagnostics, d => d.Contains(".csx(3,12): error HALOS003: Param needs constant arguments"));
    }

    [Fact]
    public void AnUnknownHyperparameterIsRefusedWithTheDeclaredOnes()
    {
        var e = Assert.Throws<LossConfigurationException>(() =>
            TestCache.Load("dpo", new Dictionary<string, string> { ["betta"] = "0.2" }));
        Assert.Contains("dpo.csx: unknown hyperparameter 'betta' (Loss:Params:betta)", e.Message);
        Assert.Contains("declared: beta = 0.1 (number): inverse temperature", e.Message);
        Assert.Contains("label_smoothing = 0 (number)", e.Message);
    }

    [Theory]
    [InlineData("beta", "abc", "expects a finite number such as 0.1, got 'abc'")]
    [InlineData("beta", "NaN", "expects a finite number")]
    public void AValueOfTheWrongTypeIsRefused(string key, string value, string message)
    {
        var e = Assert.Throws<LossConfigurationException>(() => TestCache.Load("dpo", new Dictionary<string, string> { [key] = value }));
        Assert.Contains($"dpo.csx: hyperparameter '{key}' (Loss:Params:{key}) {message}", e.Message);
    }

    [Fact]
    public void IntegerAndBooleanParametersParseStrictly()
    {
        var path = TempScripts.Write("""
            Consumes(DataKind.Scored);
            var k = Param("k", 2, "an integer");
            var on = Param("on", true, "a switch");
            return Loss(on ? k * ChosenScores : ChosenScores);
            """);
        var e = Assert.Throws<LossConfigurationException>(() => LossScript.Load(path, new Dictionary<string, string> { ["k"] = "2.5" }, TestCache.Options));
        Assert.Contains("'k' (Loss:Params:k) expects a whole number such as 4, got '2.5'", e.Message);
        e = Assert.Throws<LossConfigurationException>(() => LossScript.Load(path, new Dictionary<string, string> { ["on"] = "yes" }, TestCache.Options));
        Assert.Contains("'on' (Loss:Params:on) expects true or false, got 'yes'", e.Message);

        var script = LossScript.Load(path, new Dictionary<string, string> { ["k"] = "3", ["on"] = "true" }, TestCache.Options);
        using var scope = torch.NewDisposeScope();
        var r = script.Compute(new LossInputs { ChosenScores = torch.tensor(new[] { 1.5 }, 1) });
        LossAssert.Close(4.5, r.Losses, 1e-12);
    }

    [Fact]
    public void ARunTimeErrorNamesTheScriptAndLine()
    {
        var path = TempScripts.Write("""
            Consumes(DataKind.Paired);
            var a = PolicyChosen;

            var b = a.view(7, 3);
            return Loss(b.sum(-1));
            """);
        var script = LossScript.Load(path, options: TestCache.Options);
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<LossScriptException>(() => script.Compute(new LossInputs { PolicyChosen = torch.zeros(4) }));
        Assert.Equal(4, e.Line);
        Assert.StartsWith($"{path}(4): TorchException:", e.Message);
    }

    [Fact]
    public void ReadingAnInputTheTrainerDidNotProvideNamesIt()
    {
        var script = TestCache.Load("dpo");
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<LossScriptException>(() => script.Compute(new LossInputs { PolicyChosen = torch.zeros(2), PolicyRejected = torch.zeros(2) }));
        Assert.Contains("dpo.csx(11): LossInputMissingException", e.Message);
        Assert.Contains("reads ReferenceChosen ([B], summed log-prob of the chosen completion under the reference model), but the paired inputs it was given have none (ReferenceChosen comes with paired data)", e.Message);
    }

    [Fact]
    public void LossesMustBePerExample()
    {
        var path = TempScripts.Write("""
            Consumes(DataKind.Paired);
            return Loss(PolicyChosen.mean());
            """);
        var script = LossScript.Load(path, options: TestCache.Options);
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<LossScriptException>(() => script.Compute(new LossInputs { PolicyChosen = torch.zeros(3) }));
        Assert.Contains("per-example losses of shape [B]; the script returned shape []", e.Message);
    }

    [Fact]
    public void AMisspelledOptionalInputIsAnErrorNotAbsent()
    {
        var path = TempScripts.Write("""
            Consumes(DataKind.Scored);
            var margin = Provided("Margn") ? Margin : null;
            return Loss(ChosenScores);
            """);
        var script = LossScript.Load(path, options: TestCache.Options);
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<LossScriptException>(() => script.Compute(new LossInputs { ChosenScores = torch.zeros(2) }));
        Assert.Contains("(2): ArgumentException: Provided(\"Margn\"): not a loss input", e.Message);
    }
}
