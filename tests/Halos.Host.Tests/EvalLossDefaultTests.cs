using Halos.Host.Tests.Support;

namespace Halos.Host.Tests;

/// <summary><c>halos eval</c> without Loss:Script: Bradley-Terry for a reward model, DPO for a policy with --reference.</summary>
public sealed class EvalLossDefaultTests : IDisposable
{
    private readonly TempFolder _root = new();

    public EvalLossDefaultTests()
    {
        // The planner checks that the data exists and compiles the loss before the loop starts.
        _root.File("data/eval.jsonl", "");
        foreach (var loss in new[] { "bradley_terry", "dpo", "hinge" }) _root.Loss(loss);
    }

    private static readonly string[] Configured =
    [
        "--Training:Trainer=fake-trainer", "--Model:Plugin=fake-model", "--Model:Checkpoint=models/tiny",
        "--Data:Loader=fake-loader", "--Data:Eval=data/eval.jsonl", "--Training:OutputDir=out",
    ];

    [Fact]
    public void A_sequence_classification_checkpoint_is_scored_with_bradley_terry()
    {
        _root.File("models/tiny/config.json", """{"model_type":"gpt2","architectures":["GPT2ForSequenceClassification"]}""");
        var loop = new FakeRunLoop();
        var result = CliRun.InProcess(_root.Path, ["eval", "--quiet", .. Configured], addPlugins: FakeRunLoop.Register(loop));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("bradley_terry", loop.Plan!.Loss.Script);
        Assert.NotNull(loop.Plan.LoadLoss);
    }

    [Fact]
    public void A_policy_with_a_reference_is_scored_with_dpo()
    {
        _root.File("models/tiny/config.json", """{"model_type":"gpt2","architectures":["GPT2LMHeadModel"]}""");
        var loop = new FakeRunLoop();
        var result = CliRun.InProcess(_root.Path, ["eval", "--quiet", "--reference", "models/tiny", .. Configured], addPlugins: FakeRunLoop.Register(loop));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("dpo", loop.Plan!.Loss.Script);
    }

    [Fact]
    public void A_policy_without_a_reference_still_needs_a_loss_and_says_so()
    {
        _root.File("models/tiny/config.json", """{"model_type":"gpt2","architectures":["GPT2LMHeadModel"]}""");
        var result = CliRun.InProcess(_root.Path, ["eval", .. Configured], addPlugins: FakeRunLoop.Register(new FakeRunLoop()));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Loss:Script: set the loss script", result.Error);
    }

    [Fact]
    public void An_explicit_loss_wins_over_the_default()
    {
        _root.File("models/tiny/config.json", """{"architectures":["GPT2ForSequenceClassification"]}""");
        var loop = new FakeRunLoop();
        var result = CliRun.InProcess(_root.Path, ["eval", "--quiet", "--Loss:Script=hinge", .. Configured], addPlugins: FakeRunLoop.Register(loop));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("hinge", loop.Plan!.Loss.Script);
    }

    public void Dispose() => _root.Dispose();
}
