using Halos.Abstractions.Training;
using Halos.Training.Checkpoints;
using Halos.Training.Metrics;
using Halos.Training.Tests.Support;
using Halos.Torch.Optim;

namespace Halos.Training.Tests;

public sealed class TrainingLoopTests
{
    [Fact]
    public void SftOnSuccessorData_TheLossFallsAndEvalImproves()
    {
        using var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "60";
        run.Settings["Training:EvalEvery"] = "20";
        run.Settings["Data:Eval"] = "eval";
        var outcome = run.Run();

        Assert.Equal(60, outcome.Steps);
        Assert.False(outcome.Interrupted);
        var train = run.Sink.Phase(MetricNames.TrainPhase);
        Assert.Equal(60, train.Count);
        var first = train[0].Values[MetricNames.Loss];
        var last = train.TakeLast(5).Average(r => r.Values[MetricNames.Loss]);
        // ln 12 ≈ 2.48 per token at random; the successor map is deterministic, so the loss can approach 0.
        Assert.InRange(first, 1.8, 3.5);
        Assert.True(last < 0.25 * first, $"loss fell from {first} to only {last}");

        var eval = run.Sink.Phase(MetricNames.EvalPhase);
        Assert.Equal([20L, 40L, 60L], eval.Select(r => r.Step));
        Assert.True(eval[^1].Values[MetricNames.Loss] < 0.5 * eval[0].Values[MetricNames.Loss] || eval[^1].Values[MetricNames.Loss] < 0.3);
        Assert.Equal(eval[^1].Values[MetricNames.Loss], outcome.Metrics["eval_loss"]);
    }

    [Fact]
    public void TrainMetrics_HaveTheStandardNames()
    {
        using var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "3";
        run.Run();
        var record = run.Sink.Phase(MetricNames.TrainPhase)[0];
        foreach (var name in new[] { MetricNames.Loss, MetricNames.GradNorm, MetricNames.LearningRate, MetricNames.TokensPerSecond, MetricNames.ExamplesPerSecond, MetricNames.Epoch })
            Assert.True(record.Values.ContainsKey(name), $"missing {name}; logged: {string.Join(", ", record.Values.Keys)}");
        Assert.True(record.Values[MetricNames.TokensPerSecond] > record.Values[MetricNames.ExamplesPerSecond]);
        // 4 of 64 examples: 1/16 of an epoch.
        Assert.Equal(1.0 / 16, record.Values[MetricNames.Epoch], 12);
    }

    [Fact]
    public void Schedule_SetsEachStepsLearningRate_WarmupThenCosine()
    {
        using var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "12";
        run.Settings["Training:WarmupSteps"] = "4";
        run.Settings["Training:Schedule"] = "cosine";
        run.Run();
        var rates = run.Sink.Phase(MetricNames.TrainPhase).Select(r => r.Values[MetricNames.LearningRate]).ToList();
        Assert.Equal(12, rates.Count);
        for (var s = 0; s < 12; s++)
        {
            var expected = s < 4 ? 0.01 * s / 4 : 0.01 * 0.5 * (1 + Math.Cos(Math.PI * (s - 4) / 8.0));
            Assert.Equal(expected, rates[s], 12);
        }
    }

    [Fact]
    public void GradientAccumulation_GivesTheGradientOfOneBigBatch()
    {
        // Same 8 examples as one microbatch of 8, or four of 2: the pre-clip grad_norm must agree, and match the
        // norm of the mean loss's gradient computed here by hand. A loss scaled per microbatch (mean of means
        // times 4, or unscaled sums) would give a different norm.
        double GradNorm(int batch, int accumulation)
        {
            using var run = new TestRun();
            run.Settings["Model:Options:Dropout"] = "0";
            run.Settings["Training:BatchSize"] = batch.ToString();
            run.Settings["Training:GradientAccumulationSteps"] = accumulation.ToString();
            run.Settings["Training:MaxSteps"] = "1";
            run.Settings["Training:MaxGradNorm"] = "0";
            run.Run();
            return run.Sink.Phase(MetricNames.TrainPhase)[0].Values[MetricNames.GradNorm];
        }

        var big = GradNorm(8, 1);
        var accumulated = GradNorm(2, 4);
        Assert.Equal(big, accumulated, 5);

        using var reference = new TestRun();
        reference.Settings["Model:Options:Dropout"] = "0";
        Assert.Equal(ManualGradNorm(reference, 8), big, 5);
    }

    [Fact]
    public void ATrainerWithSeveralLossRowsPerExample_IsAveragedPerRow()
    {
        // A grouped trainer (GRPO) returns one loss per completion, several per example. Every example here is
        // collated twice, so the per-row mean, and with it the gradient, must equal that of the plain run; scaling
        // by examples instead of rows would double the norm.
        double GradNorm(ITrainerPlugin trainer)
        {
            using var run = new TestRun { Trainer = trainer };
            run.Settings["Model:Options:Dropout"] = "0";
            run.Settings["Training:MaxSteps"] = "1";
            run.Settings["Training:MaxGradNorm"] = "0";
            run.Run();
            return run.Sink.Phase(MetricNames.TrainPhase)[0].Values[MetricNames.GradNorm];
        }

        var plain = GradNorm(new DigitSftTrainer());
        Assert.Equal(plain, GradNorm(new TwoRowsPerExampleTrainer()), 5);
    }

    /// <summary>The digit trainer with every example collated twice, as the grouped trainer repeats a group per completion.</summary>
    private sealed class TwoRowsPerExampleTrainer : ITrainerPlugin, ITrainer
    {
        public ITrainer CreateTrainer(Abstractions.Plugins.PluginContext context) => this;
        private readonly DigitSftTrainer _inner = new();
        public string Name => "digit-sft-twice";
        public IReadOnlyCollection<Abstractions.Losses.DataKind> Kinds => _inner.Kinds;

        public Batch Collate(IReadOnlyList<Abstractions.Data.Example> examples, Abstractions.Losses.DataKind kind, Abstractions.Models.ITokenizer tokenizer, CollateOptions options) =>
            _inner.Collate(examples.SelectMany(e => new[] { e, e }).ToList(), kind, tokenizer, options);

        public Abstractions.Losses.LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, Abstractions.Losses.ILossFunction loss) =>
            _inner.ComputeLossInputs(batch, modules, loss);

        public IReadOnlyDictionary<string, double> EvaluationMetrics(Batch batch, Abstractions.Losses.LossInputs inputs, Abstractions.Losses.LossResult result) =>
            _inner.EvaluationMetrics(batch, inputs, result);
    }

    /// <summary>The gradient norm of the mean loss over the first <paramref name="count"/> examples the loop would draw.</summary>
    private static double ManualGradNorm(TestRun run, int count)
    {
        var plan = run.Plan();
        using var components = Setup.RunComponents.Build(plan, new StandardLoopOptions());
        var sampler = new Data.Batching.DataSampler(64, count, new Data.Batching.SamplerOptions { Seed = 7, Shuffle = true });
        var examples = sampler.Next().Select(i => run.Loader.Sets["train"][i]).ToList();
        using var scope = Torch.torch.NewDisposeScope();
        var trainer = new DigitSftTrainer();
        using var batch = trainer.Collate(examples, Abstractions.Losses.DataKind.Sft, new DigitTokenizer(), new Abstractions.Training.CollateOptions(64));
        var result = new SftNllLoss().Compute(trainer.ComputeLossInputs(batch, components.Modules, new SftNllLoss()));
        result.Losses.mean().backward();
        double total = 0;
        foreach (var p in components.Trained.parameters())
        {
            using var g = p.grad!;
            total += LossMetrics.Scalar(g.square().sum());
        }
        return Math.Sqrt(total);
    }

    [Fact]
    public void DecayGroups_ExemptBiasesAndNorms()
    {
        using var model = new TinyLanguageModel(12, 8, 0);
        var groups = Optimization.DecayGroups.Split(model.named_parameters(), 0.1);
        var names = model.named_parameters().ToDictionary(p => p.parameter, p => p.name, ReferenceEqualityComparer.Instance);
        Assert.Equal(2, groups.Count);
        Assert.Equal(["embed.weight", "hidden.weight", "head.weight"], groups[0].Parameters.Select(p => names[p]));
        Assert.Equal(["norm.weight", "norm.bias", "hidden.bias", "head.bias"], groups[1].Parameters.Select(p => names[p]));

        using var optimizer = new AdamW(groups, lr: 1e-3, weight_decay: 0.1);
        Assert.Equal(0.1, optimizer.param_groups[0].WeightDecay);
        Assert.Equal(0.0, optimizer.param_groups[1].WeightDecay);
    }

    [Fact]
    public void DecayGroups_ExemptNamedNormsOfAnyRank_AndSkipFrozenParameters()
    {
        using var scope = Torch.torch.NewDisposeScope();
        var matrix = Torch.torch.zeros(3, 3).requires_grad_();
        var named = new List<(string, Torch.Tensor)>
        {
            ("ln_f.weight", matrix), ("block.attn_norm.scale", Torch.torch.zeros(2, 2).requires_grad_()),
            ("mlp.weight", Torch.torch.zeros(2, 2).requires_grad_()), ("frozen.weight", Torch.torch.zeros(2, 2)),
        };
        var groups = Optimization.DecayGroups.Split(named, 0.01);
        Assert.Single(groups[0].Parameters);
        Assert.Equal(2, groups[1].Parameters.Count);
        Assert.Same(matrix, groups[1].Parameters[0]);
    }

    [Fact]
    public void ProgressIsReportedEveryStep_WithTheRunTotals()
    {
        using var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "5";
        var progress = new ProgressLog();
        run.Run(progress: progress);
        var train = progress.Reports.Where(r => r.Phase == "train").ToList();
        Assert.Equal([1L, 2, 3, 4, 5], train.Select(r => r.Step));
        Assert.All(train, r => Assert.Equal(5, r.TotalSteps));
        Assert.Equal(20, train[^1].Examples);
    }

    [Fact]
    public void EpochsDecideTheStepCount_TheLastStepTakesTheRemainder()
    {
        using var run = new TestRun();
        run.Settings["Training:MaxSteps"] = "0";
        run.Settings["Training:Epochs"] = "1";
        run.Settings["Training:BatchSize"] = "5";          // 64 examples: 13 microbatches, the last of 4
        run.Settings["Training:GradientAccumulationSteps"] = "3"; // 5 steps: 3+3+3+3+1 microbatches
        var progress = new ProgressLog();
        var outcome = run.Run(progress: progress);
        Assert.Equal(5, outcome.Steps);
        Assert.Equal(64, progress.Reports.Last(r => r.Phase == "train").Examples);
    }
}
