using Halos.Abstractions.Plugins;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Running;
using Halos.Abstractions.Training;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Torch;
using Halos.Torch.SafeTensors;
using Halos.Trainers.PolicyGradient;
using Halos.Trainers.Tests.Support;
using Halos.Trainers.Trainers;
using Halos.Training.Checkpoints;
using Halos.Training.Setup;
using Halos.Transformers;

namespace Halos.Trainers.Tests;

/// <summary>
/// Offline PPO (losses/ppo.csx) in trainer "unpaired": the GAE maths against hand-computed values, the value head's
/// detached hidden states, a whole run on the copy task, bit-exact resume of the head, and loading the saved policy.
/// </summary>
public class OfflinePpoTests
{
    private static double[,] Rows(Tensor t)
    {
        using var scope = torch.NewDisposeScope();
        var flat = t.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray();
        var (rows, columns) = ((int)t.size(0), (int)t.size(1));
        var result = new double[rows, columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++) result[i, j] = flat[i * columns + j];
        return result;
    }

    private static void AssertRows(double[,] expected, Tensor actual, double tolerance = 1e-6)
    {
        var got = Rows(actual);
        Assert.Equal(expected.GetLength(0), got.GetLength(0));
        Assert.Equal(expected.GetLength(1), got.GetLength(1));
        for (var i = 0; i < expected.GetLength(0); i++)
            for (var j = 0; j < expected.GetLength(1); j++)
                Assert.True(Math.Abs(expected[i, j] - got[i, j]) <= tolerance, $"[{i}, {j}]: expected {expected[i, j]}, got {got[i, j]}");
    }

    // Two rows of T = 5: row 0 has a prompt position, three completion tokens and one pad; row 1 a prompt position,
    // two completion tokens and two pads. The values outside the masks (7, 9) must not leak into anything.
    private static readonly bool[] MaskData = [false, true, true, true, false, false, true, true, false, false];
    private static readonly float[] ValueData = [7f, 0.5f, 0.25f, 1f, 9f, 7f, 2f, -0.5f, 9f, 9f];

    [Fact]
    public void TerminalRewardsArePlusOneOrMinusOneAtTheLastCompletionToken()
    {
        using var scope = torch.NewDisposeScope();
        var mask = torch.tensor(MaskData, 2, 5);
        var desirable = torch.tensor(new[] { true, false }, 2);
        var rewards = TerminalRewards.AtLastToken(TerminalRewards.Scores(desirable), mask);
        AssertRows(new double[,] { { 0, 0, 0, 1, 0 }, { 0, 0, -1, 0, 0 } }, rewards, 0);
        // A row whose mask is empty earns nothing.
        var empty = TerminalRewards.AtLastToken(torch.tensor(new[] { 1f }, 1), torch.zeros([1, 3], ScalarType.Bool));
        AssertRows(new double[,] { { 0, 0, 0 } }, empty, 0);
    }

    [Fact]
    public void GaeMatchesHandComputedValuesOnRowsOfDifferentLengths()
    {
        using var scope = torch.NewDisposeScope();
        var mask = torch.tensor(MaskData, 2, 5);
        var values = torch.tensor(ValueData, 2, 5);
        var rewards = TerminalRewards.AtLastToken(TerminalRewards.Scores(torch.tensor(new[] { true, false }, 2)), mask);
        // γ = 0.9, λ = 0.5 (γλ = 0.45), by hand. Row 0, values (0.5, 0.25, 1), reward +1 at the end:
        //   δ = (0.9·0.25 − 0.5, 0.9·1 − 0.25, 1 − 1) = (−0.275, 0.65, 0);  A = (−0.275 + 0.45·0.65, 0.65, 0) = (0.0175, 0.65, 0)
        //   R = A + V = (0.5175, 0.9, 1).
        // Row 1, values (2, −0.5), reward −1 at the end:
        //   δ = (0.9·(−0.5) − 2, −1 + 0.5) = (−2.45, −0.5);  A = (−2.45 + 0.45·(−0.5), −0.5) = (−2.675, −0.5);  R = (−0.675, −1).
        var (advantages, returns) = GeneralizedAdvantageEstimation.Estimate(values, rewards, mask, gamma: 0.9, lambda: 0.5);
        AssertRows(new[,] { { 0, 0.0175, 0.65, 0, 0 }, { 0, -2.675, -0.5, 0, 0 } }, advantages);
        AssertRows(new[,] { { 0, 0.5175, 0.9, 1, 0 }, { 0, -0.675, -1, 0, 0 } }, returns);
        Assert.False(advantages.requires_grad);
        Assert.False(returns.requires_grad);

        // HALOs' defaults, against the closed form A_t = Σ_l (γλ)^l δ_{t+l} over the completion.
        var (defaults, _) = GeneralizedAdvantageEstimation.Estimate(values, rewards, mask);
        const double gamma = 0.99, lambda = 0.95;
        double[] ClosedForm(double[] v, double reward)
        {
            var deltas = v.Select((value, t) => (t == v.Length - 1 ? reward : 0) + gamma * (t + 1 < v.Length ? v[t + 1] : 0) - value).ToArray();
            return deltas.Select((_, t) => deltas.Skip(t).Select((d, l) => Math.Pow(gamma * lambda, l) * d).Sum()).ToArray();
        }
        var row0 = ClosedForm([0.5, 0.25, 1], 1);
        var row1 = ClosedForm([2, -0.5], -1);
        AssertRows(new[,] { { 0, row0[0], row0[1], row0[2], 0 }, { 0, row1[0], row1[1], 0, 0 } }, defaults, 1e-5);
    }

    [Fact]
    public void WhitenedAdvantagesHaveZeroMeanAndUnitVarianceOverTheMask()
    {
        using var scope = torch.NewDisposeScope();
        var mask = torch.tensor(MaskData, 2, 5);
        var advantages = torch.tensor(new[] { 5f, 0.0175f, 0.65f, 0f, 5f, 5f, -2.675f, -0.5f, 5f, 5f }, 2, 5);
        var whitened = GeneralizedAdvantageEstimation.Whiten(advantages, mask);
        double[] kept = [0.0175, 0.65, 0, -2.675, -0.5];
        var mean = kept.Average();
        var std = Math.Sqrt(kept.Select(a => (a - mean) * (a - mean)).Average());  // biased, as HALOs' masked_var
        var w = kept.Select(a => (a - mean) / std).ToArray();
        AssertRows(new[,] { { 0, w[0], w[1], w[2], 0 }, { 0, w[3], w[4], 0, 0 } }, whitened, 1e-5);
    }

    private static TrainerPreparation Preparation(TrainerRun run, RunComponents components, RunPlan plan) =>
        new(RunMode.Train, components.Modules, components.Loss, run.Loader.Sets["train"], new CollateOptions(plan.Data.MaxLength), plan.Training, run.Root) { PrecomputeReferenceIn = run.PrecomputeReferenceIn };

    private static double GradNorm(IEnumerable<Tensor> parameters)
    {
        using var scope = torch.NewDisposeScope();
        return parameters.Select(p => p.grad is { } g ? g.square().sum().item<float>() : 0.0).Sum();
    }

    [Fact]
    public void TheCriticLossTrainsTheValueHeadAloneWhileThePolicyLossReachesTheTransformer()
    {
        var examples = CopyTask.Unpaired(8);
        using var run = new TrainerRun("ppo", examples);
        var plan = run.Plan();
        using var components = RunComponents.Build(plan, run.LoopOptions);
        var trainer = new UnpairedTrainer();
        var policy = components.Modules.Policy;
        Assert.Null(ValueHead.Of(policy));
        trainer.Prepare(Preparation(run, components, plan));
        var head = ValueHead.Of(policy)!;
        Assert.NotNull(head);
        // The head is a child of the policy: the optimiser (built from parameters()) and checkpoints see it.
        var names = policy.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("v_head.summary.weight", names);
        Assert.Contains("v_head.summary.bias", names);
        Assert.Equal([1L, 32L], head.Summary.weight.shape);
        var body = policy.named_parameters().Where(p => !p.name.StartsWith("v_head.")).Select(p => p.parameter).ToList();
        var headParameters = head.parameters().ToList();

        using var scope = torch.NewDisposeScope();
        using var batch = trainer.Collate(examples, DataKind.Unpaired, components.Modules.Tokenizer, new CollateOptions(32));
        var inputs = trainer.ComputeLossInputs(batch, components.Modules, components.Loss);
        Assert.True(inputs.Values!.requires_grad);
        Assert.False(inputs.Advantages!.requires_grad);
        Assert.False(inputs.Returns!.requires_grad);

        // The critic term alone (what ppo.csx weighs by critic_coef): gradients reach the head, none the transformer.
        var mask = inputs.Mask!.to(ScalarType.Float32);
        var critic = 0.5 * ((inputs.Values - inputs.Returns).square() * mask).sum() / mask.sum();
        critic.backward(retain_graph: true);  // the whole loss below runs backward through the same graph
        Assert.True(GradNorm(headParameters) > 1e-6, $"value head gradient {GradNorm(headParameters)}");
        Assert.Equal(0.0, GradNorm(body));

        // The whole PPO loss does train the transformer (so the check above could fail), and its critic term the head.
        policy.zero_grad();
        var result = components.Loss.Compute(inputs);
        result.Losses.mean().backward();
        Assert.True(GradNorm(body) > 1e-6, $"transformer gradient {GradNorm(body)}");
        Assert.True(GradNorm(headParameters) > 0);
    }

    [Fact]
    public void TheValueHeadStartsFromTheRunSeedAlone()
    {
        static float[] HeadAfterPrepare(string seed)
        {
            using var run = new TrainerRun("ppo", CopyTask.Unpaired(8));
            run.Settings["Training:Seed"] = seed;
            var plan = run.Plan();
            using var components = RunComponents.Build(plan, run.LoopOptions);
            torch.manual_seed(12345);  // whatever the generator's state, the head depends on the run seed
            new UnpairedTrainer().Prepare(Preparation(run, components, plan));
            return ValueHead.Of(components.Modules.Policy)!.Summary.weight.detach().contiguous().data<float>().ToArray();
        }
        var first = HeadAfterPrepare("5");
        Assert.Equal(first, HeadAfterPrepare("5"));
        Assert.NotEqual(first, HeadAfterPrepare("6"));
        Assert.All(first, w => Assert.InRange(w, -1 / Math.Sqrt(32), 1 / Math.Sqrt(32)));
    }

    [Fact]
    public void PpoLearnsTheCopyTask()
    {
        using var run = new TrainerRun("ppo", CopyTask.Unpaired(64), CopyTask.Unpaired(16));
        // A gentler rate than the other trainers' 0.003: the offline ratio is against the fixed reference, and once the
        // policy has moved far the unclipped side of max(−Aρ, −A·clip(ρ)) grows as ρ for tokens with A < 0 (as in HALOs).
        run.Settings["Training:LearningRate"] = "0.001";
        run.Settings["Training:MaxSteps"] = "80";
        run.Settings["Training:EvalEvery"] = "40";
        var outcome = run.Run();
        var (first, last) = run.Trend("loss", window: 10);
        var (criticFirst, criticLast) = run.Trend("critic_loss", window: 10);
        var margins = run.Trend("rewards/margins", window: 10);
        var evalMargin = outcome.Metrics["eval_rewards/margins"];
        Console.WriteLine($"ppo: loss {first:F3} -> {last:F3}, critic loss {criticFirst:F3} -> {criticLast:F3}, margin {margins.First:F2} -> {margins.Last:F2}, " +
                          $"eval margin {evalMargin:F2}, eval critic loss {outcome.Metrics["eval_critic_loss"]:F3}");
        // Step 1: policy == reference, so ρ = 1 and the KL term is 0; the policy term is −mean(A) per example, near 0
        // for advantages whitened over the microbatch.
        Assert.Equal(0.0, run.Sink.Train("kl").First(), 6);
        Assert.InRange(run.Sink.Train("policy_loss").First(), -0.1, 0.1);
        Assert.All(run.Sink.Train("loss"), l => Assert.True(double.IsFinite(l)));
        Assert.True(last < first - 0.3 && last < -0.3, $"ppo loss {first:F3} -> {last:F3}");
        Assert.True(criticLast < 0.75 * criticFirst, $"critic loss {criticFirst:F3} -> {criticLast:F3}");
        Assert.True(margins.Last > 5, $"margin {margins}");
        // Unpaired data: the margin is mean r(desirable) − mean r(undesirable), as TRL's KTO reports it, and there is no
        // accuracy, since no desirable row is paired with an undesirable one (an eval batch with as many of each is not a pairing).
        Assert.True(evalMargin > 5, $"eval margin {evalMargin}");
        Assert.False(outcome.Metrics.ContainsKey("eval_rewards/accuracies"));
    }

    private static Dictionary<string, float[]> ValueHeadTensors(string folder)
    {
        using var file = SafeTensorsFile.Open(Path.Combine(folder, "model.safetensors"));
        var all = file.LoadAll();
        try
        {
            return all.Where(kv => kv.Key.StartsWith("v_head.")).ToDictionary(kv => kv.Key, kv => kv.Value.contiguous().data<float>().ToArray());
        }
        finally
        {
            foreach (var t in all.Values) t.Dispose();
        }
    }

    private static TrainerRun TwentySteps()
    {
        var run = new TrainerRun("ppo", CopyTask.Unpaired(32));
        run.Settings["Training:MaxSteps"] = "20";
        run.Settings["Training:GradientAccumulationSteps"] = "2";
        run.Settings["Training:WeightDecay"] = "0.1";
        return run;
    }

    [Fact]
    public void InterruptedAndResumed_EndsWithTheValueHeadBitIdenticalToAStraightRun()
    {
        using var straight = TwentySteps();
        var straightOutcome = straight.Run();

        using var resumed = TwentySteps();
        using var stop = new CancellationTokenSource();
        var first = resumed.Run(p => { if (p.Phase == "train" && p.Step == 10) stop.Cancel(); }, stop.Token);
        Assert.True(first.Interrupted);
        Assert.Equal(10, first.Steps);
        var atTen = ValueHeadTensors(first.CheckpointPath!);
        Assert.Equal(["v_head.summary.bias", "v_head.summary.weight"], atTen.Keys.Order());
        Assert.Equal(32, atTen["v_head.summary.weight"].Length);

        resumed.Settings["Training:Resume"] = "true";
        var second = resumed.Run();
        Assert.Equal(20, second.Steps);
        var expected = ValueHeadTensors(straightOutcome.CheckpointPath!);
        var actual = ValueHeadTensors(second.CheckpointPath!);
        Assert.Equal(expected["v_head.summary.weight"], actual["v_head.summary.weight"]);
        Assert.Equal(expected["v_head.summary.bias"], actual["v_head.summary.bias"]);
        Assert.NotEqual(atTen["v_head.summary.weight"], actual["v_head.summary.weight"]);  // the head kept training after the resume
        // The whole model and the optimiser moments too.
        Assert.Equal(File.ReadAllBytes(Path.Combine(straightOutcome.CheckpointPath!, "model.safetensors")),
            File.ReadAllBytes(Path.Combine(second.CheckpointPath!, "model.safetensors")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(CheckpointLayout.FolderFor(straight.Root + "/run", 20), CheckpointLayout.OptimizerFile)),
            File.ReadAllBytes(Path.Combine(CheckpointLayout.FolderFor(resumed.Root + "/run", 20), CheckpointLayout.OptimizerFile)));
    }

    [Fact]
    public void TheSavedPolicyLoadsBackAsACausalLanguageModelWithoutItsValueHead()
    {
        using var run = new TrainerRun("ppo", CopyTask.Unpaired(32), CopyTask.Unpaired(8));
        run.Settings["Training:MaxSteps"] = "5";
        var outcome = run.Run();
        var final = outcome.CheckpointPath!;
        Assert.Equal(2, ValueHeadTensors(final).Count);

        var spec = new ModelSpec(null, final, ScalarType.Float32, Device.CPU, TinyCheckpoint.Config());
        var plugin = new TransformersPlugin().CreateModels(PluginContext.Standalone("transformers"));
        using var policy = plugin.Build(spec, ModelRole.Policy);
        using var reference = plugin.Build(spec, ModelRole.Reference);
        Assert.DoesNotContain(policy.named_parameters(), p => p.name.StartsWith("v_head"));
        using var direct = HfCheckpoint.Load(final);

        // The loaded weights are the trained ones (not the starting checkpoint's).
        using var scope = torch.NewDisposeScope();
        using var saved = SafeTensorsFile.Open(Path.Combine(final, "model.safetensors"));
        using var start = (CausalLanguageModel)HfCheckpoint.Load(run.Settings["Model:Checkpoint"]!);
        var loaded = policy.state_dict();
        foreach (var name in saved.Names.Where(n => !n.StartsWith("v_head.")))
        {
            using var tensor = saved.Load(name);
            Assert.Equal(0f, (loaded[name] - tensor).abs().max().item<float>());
        }
        var embedding = saved.Names.First(n => n.EndsWith("wte.weight"));
        Assert.True((start.state_dict()[embedding] - loaded[embedding]).abs().max().item<float>() > 1e-4f, "training changed nothing");

        // halos eval on the saved policy with the PPO loss: it loads, with its saved head (ValueHeadCheckpointTests checks the numbers).
        run.Settings["Model:Checkpoint"] = final;
        var evaluation = run.Run(RunMode.Eval);
        Assert.True(double.IsFinite(evaluation.Metrics["loss"]), $"eval loss {evaluation.Metrics["loss"]}");
    }
}
