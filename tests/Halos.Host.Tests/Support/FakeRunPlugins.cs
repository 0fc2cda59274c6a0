using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Plugins;
using Halos.Abstractions.Running;
using Halos.Abstractions.Training;
using Halos.Host.Plugins;
using Halos.Torch.NN;
using Microsoft.Extensions.Logging;

namespace Halos.Host.Tests.Support;

/// <summary>
/// In-process test doubles for the plugins a run needs, so the run verbs can be exercised before the real
/// loop and trainers exist. The loop reports steps and honours cancellation the way the contract asks.
/// </summary>
public sealed class FakeRunLoop : IRunLoopPlugin, IRunLoop
{
    public IRunLoop CreateLoop(PluginContext context)
    {
        Contexts.Add(context);
        return this;
    }

    /// <summary>The contexts the host created this loop with, one per run.</summary>
    public List<PluginContext> Contexts { get; } = [];

    public string Name => "standard";
    public IReadOnlyCollection<RunMode> Modes { get; init; } = [RunMode.Train, RunMode.Eval];
    public long Steps { get; init; } = 5;
    public Action<long>? AfterStep { get; init; }
    public Exception? Failure { get; init; }
    public RunPlan? Plan { get; private set; }

    public RunOutcome Run(RunPlan plan, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        Plan = plan;
        if (Failure is not null) throw Failure;
        for (var step = 1; step <= Steps; step++)
        {
            progress.Report(new TrainingProgress("train", step, Steps, step * 8, step * 800, TimeSpan.FromSeconds(step), Loss: 0.7 - 0.01 * step, RewardAccuracy: 0.5));
            AfterStep?.Invoke(step);
            if (cancellationToken.IsCancellationRequested)
            {
                var checkpoint = Path.Combine(plan.ResolvePath(plan.Training.OutputDir), $"checkpoint-{step}");
                Directory.CreateDirectory(checkpoint);
                File.WriteAllText(Path.Combine(checkpoint, "trainer_state.json"), $"{{\"global_step\": {step}}}");
                return new RunOutcome(step, Interrupted: true, checkpoint, new Dictionary<string, double>());
            }
        }
        return new RunOutcome(Steps, Interrupted: false, null, new Dictionary<string, double> { ["loss"] = 0.65, ["rewards/accuracy"] = 0.75 });
    }

    public static Action<PluginCatalog, ILogger> Register(FakeRunLoop loop) => (catalog, logger) =>
    {
        catalog.Add(loop, "in-process", logger);
        catalog.Add(new FakeTrainer(), "in-process", logger);
        catalog.Add(new FakeModel(), "in-process", logger);
        catalog.Add(new FakeLoader(), "in-process", logger);
    };
}

public sealed class FakeTrainer : ITrainerPlugin, ITrainer
{
    public ITrainer CreateTrainer(PluginContext context) => this;
    public string Name => "fake-trainer";
    public IReadOnlyCollection<DataKind> Kinds => [DataKind.Paired, DataKind.Scored];
    public Batch Collate(IReadOnlyList<Example> examples, DataKind kind, ITokenizer tokenizer, CollateOptions options) => throw new NotSupportedException("test double");
    public LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss) => throw new NotSupportedException("test double");
    public IReadOnlyDictionary<string, double> EvaluationMetrics(Batch batch, LossInputs inputs, LossResult result) => throw new NotSupportedException("test double");
}

public sealed class FakeModel : IModelPlugin, IModelBuilder
{
    public IModelBuilder CreateModels(PluginContext context) => this;
    public void SavePretrained(Module module, ModelSpec spec, string directory) => throw new NotSupportedException("test double");
    public string Name => "fake-model";
    public Module Build(ModelSpec spec, ModelRole role) => throw new NotSupportedException("test double");
    public ITokenizer LoadTokenizer(ModelSpec spec) => throw new NotSupportedException("test double");
}

public sealed class FakeLoader : ILoaderPlugin, ILoader
{
    public ILoader CreateLoader(PluginContext context) => this;
    public string Name => "fake-loader";
    public IReadOnlyCollection<DataKind> Kinds => [DataKind.Paired, DataKind.Scored];
    public IEnumerable<Example> Load(DataSource source, CancellationToken cancellationToken = default)
    {
        yield return new PairedExample("1", Prompt.FromText("p"), "good", "bad");
        throw new DataFormatException(source.Location, 2, "expected a JSON object");
    }
}
