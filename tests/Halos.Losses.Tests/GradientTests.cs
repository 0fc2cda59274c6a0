using Halos.Losses.Checking;
using Halos.Torch;

namespace Halos.Losses.Tests;

/// <summary>
/// Every built-in's autograd gradient against central differences, on synthetic float64 inputs of
/// its data kind (the check <c>halos loss check</c> runs), with every input it reads probed.
/// </summary>
public class GradientTests
{
    public static TheoryData<string> BuiltIns()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepoPaths.Losses, "*.csx").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(f));
        return data;
    }

    [Fact]
    public void TheLibraryHasEveryLossTheIssueNames()
    {
        string[] required =
        [
            "sft", "dpo", "cdpo", "robust", "ipo", "slic", "hinge", "simpo", "orpo", "kto", "bco_pair", "nca_pair", "sppo_hard",
            "apo_zero", "exo_pair", "discopop", "bradley_terry", "rank_list", "plackett_luce", "ppo", "grpo", "rloo", "online_dpo",
        ];
        var present = Directory.GetFiles(RepoPaths.Losses, "*.csx").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.Equal([], required.Where(r => !present.Contains(r)).ToArray());
    }

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void FiniteDifferencesAgreeWithAutograd(string loss)
    {
        var script = TestCache.Load(loss);
        using var scope = torch.NewDisposeScope();
        var report = GradientCheck.Run(script, SyntheticInputs.For(script.Inputs), probesPerInput: 6);
        Assert.Empty(report.NonFinite);
        Assert.NotEmpty(report.Gradients);
        Assert.Contains(report.Gradients, g => g.Norm > 0);
        foreach (var g in report.Gradients)
            Assert.True(g.Passed, $"{loss}: d/d{g.Input} differs from central differences by {g.MaxAbsError:E2}");
    }

    [Fact]
    public void TheCheckCatchesAWrongGradient()
    {
        // A loss whose value and autograd disagree: detach() without stop_gradient hides a dependence
        // from autograd that central differences still see.
        var path = TempScripts.Write("""
            Consumes(DataKind.Paired);
            var scale = (PolicyChosen - PolicyRejected).mean().detach();
            return Loss(scale * PolicyChosen);
            """);
        var script = LossScript.Load(path, options: TestCache.Options);
        using var scope = torch.NewDisposeScope();
        var report = GradientCheck.Run(script, SyntheticInputs.For(script.Inputs));
        Assert.False(report.Passed);
    }
}
