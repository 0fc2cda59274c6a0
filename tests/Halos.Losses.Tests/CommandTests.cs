using System.Text.Json;
using Halos.Losses.Commands;

namespace Halos.Losses.Tests;

/// <summary>What the `halos loss check | list | eval` verbs run (their command lines are tested with the host).</summary>
public class CommandTests
{
    private static readonly LossScriptOptions Options = new() { CacheDirectory = TestCache.Directory };

    private static (int Code, string Out, string Err) Run(Func<TextWriter, TextWriter, int> verb)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = verb(stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static (int Code, string Out, string Err) Check(string path, Dictionary<string, string>? parameters = null) =>
        Run((o, e) => LossCheckCommand.Run(path, parameters ?? [], Options, o, e));

    private static (int Code, string Out, string Err) Eval(string path, string inputs, Dictionary<string, string>? parameters = null) =>
        Run((o, e) => LossEvalCommand.Run(path, inputs, parameters ?? [], Options, o, e));

    [Fact]
    public void CheckPassesABuiltInAndPrintsItsGradients()
    {
        var (code, output, err) = Check(RepoPaths.Loss("kto"));
        Assert.True(code == 0, output + err);
        Assert.Contains("unpaired data, uses a reference model", output);
        Assert.Matches(@"PolicyKL\s+0\s", output);                 // detached reference point: no gradient
        Assert.Matches(@"Policy\s+[0-9.]+(e-?\d+)?\s+\d\.\d\de[-+]\d+\s+ok", output);
        Assert.Contains("NaN/Inf: none", output);
        Assert.Contains("gradient check: passed", output);
    }

    [Fact]
    public void CheckFailsOnNaNAndOnCompileErrors()
    {
        var nan = TempScripts.Write("""
            Consumes(DataKind.Paired);
            return Loss((PolicyChosen - 1e6).sqrt() + PolicyRejected);
            """);
        var (code, output, _) = Check(nan);
        Assert.Equal(1, code);
        Assert.Contains("NaN/Inf: losses has NaN or Inf", output);
        Assert.Contains("gradient check: FAILED", output);

        var broken = TempScripts.Write("Consumes(DataKind.Paired);\nreturn Loss(PolicyChosen +);");
        (code, _, var err) = Check(broken);
        Assert.Equal(1, code);
        Assert.Contains(".csx(2,27): error CS1525", err);
    }

    [Fact]
    public void CheckRefusesUnknownParametersAndScripts()
    {
        var (code, _, err) = Check(RepoPaths.Loss("dpo"), new() { ["betta"] = "1" });
        Assert.Equal(2, code);
        Assert.Contains("unknown hyperparameter 'betta'", err);

        (code, _, err) = Check("losses/nope.csx");
        Assert.Equal(2, code);
        Assert.Contains("losses/nope.csx: no such loss script", err);
    }

    [Fact]
    public void ListShowsEveryScriptWithKindReferenceAndParameters()
    {
        var (code, output, err) = Run((o, e) => LossListCommand.Run(RepoPaths.Losses, Options, o, e));
        Assert.True(code == 0, err);
        var count = Directory.GetFiles(RepoPaths.Losses, "*.csx").Length;
        Assert.Contains($"{count} scripts in {RepoPaths.Losses}", output);
        Assert.Matches(@"(?m)^dpo\s+paired\s+yes\s+beta=0\.1, label_smoothing=0$", output);
        Assert.Matches(@"(?m)^simpo\s+paired\s+no\s+beta=10, gamma=3$", output);
        Assert.Matches(@"(?m)^rank_list\s+ranked\s+no\s+pool_pairs_over_batch=false$", output);
        Assert.Matches(@"(?m)^grpo\s+grouped\s+no\s+loss_type=dapo, beta=0, epsilon=0\.2, epsilon_high=0, scale_rewards=group, std_ddof=1, max_completion_length=256$", output);
        Assert.Matches(@"(?m)^rloo\s+grouped\s+yes\s+beta=0\.05, epsilon=0\.2, normalize_advantages=false$", output);
        Assert.Contains("center_rewards_coefficient: weight c of the reward-centring term", output);
    }

    [Fact]
    public void EvalPrintsLossesRewardsAndMetricsAsJson()
    {
        var inputs = Path.Combine(Directory.CreateTempSubdirectory("halos-eval-").FullName, "inputs.json");
        File.WriteAllText(inputs, """
            { "PolicyChosen": [-1.0, -50.0], "PolicyRejected": [-2.0, -1.0],
              "ReferenceChosen": [-1.5, -1.0], "ReferenceRejected": [-1.5, -50.0] }
            """);
        var (code, output, err) = Eval(RepoPaths.Loss("dpo"), inputs, new() { ["beta"] = "0.2" });
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        var losses = root.GetProperty("losses").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(-Scalar.LogSigmoid(0.2 * (0.5 + 0.5)), losses[0], 12);
        Assert.Equal(-Scalar.LogSigmoid(0.2 * (-49 - 49)), losses[1], 12);
        Assert.Equal(0.2, root.GetProperty("parameters").GetProperty("beta").GetDouble());
        Assert.Equal(0.2 * 0.5, root.GetProperty("chosen_rewards")[0].GetDouble(), 12);
        Assert.Equal(losses.Average(), root.GetProperty("loss").GetDouble(), 12);
    }

    [Fact]
    public void EvalNamesTheFileAndKeyOfBadInputs()
    {
        var dir = Directory.CreateTempSubdirectory("halos-eval-").FullName;
        var unknown = Path.Combine(dir, "unknown.json");
        File.WriteAllText(unknown, """{ "PolicyChoosen": [1.0] }""");
        var (code, _, err) = Eval(RepoPaths.Loss("dpo"), unknown);
        Assert.Equal(2, code);
        Assert.Contains("unknown.json: PolicyChoosen: not a loss input; known inputs: PolicyChosen,", err);

        var ragged = Path.Combine(dir, "ragged.json");
        File.WriteAllText(ragged, """{ "ChosenMask": [[true, false], [true]] }""");
        (code, _, err) = Eval(RepoPaths.Loss("ipo"), ragged);
        Assert.Equal(2, code);
        Assert.Contains("ragged.json: ChosenMask: the array is not rectangular: expected 2 entries at depth 1, got 1", err);

        var missing = Path.Combine(dir, "missing.json");
        File.WriteAllText(missing, """{ "PolicyChosen": [1.0], "PolicyRejected": [0.5] }""");
        (code, _, err) = Eval(RepoPaths.Loss("dpo"), missing);
        Assert.Equal(1, code);
        Assert.Contains("reads ReferenceChosen", err);
    }
}
