using Halos.Abstractions.Training;
using Halos.Abstractions.Metrics;
using Halos.Abstractions.Plugins;
using Halos.Tests.Shared;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Options;
using Halos.Abstractions.Running;
using Microsoft.Extensions.Configuration;

namespace Halos.Training.Tests.Support;

/// <summary>
/// A training run of the tiny model on successor data through the real <see cref="StandardRunLoop"/>, in a
/// temporary folder. Settings are the configuration keys a profile would set.
/// </summary>
public sealed class TestRun : IDisposable
{
    public TestRun(string? root = null)
    {
        Root = root ?? Directory.CreateTempSubdirectory("halos-training-").FullName;
        Loader.Sets["train"] = SuccessorData.Make(64, seed: 1);
        Loader.Sets["eval"] = SuccessorData.Make(24, seed: 2);
    }

    public string Root { get; }
    public TinyModelPlugin Model { get; } = new();
    public MemoryLoader Loader { get; } = new();
    public RecordingSinkPlugin Sink { get; } = new();
    public StringWriter Warnings { get; } = new();

    /// <summary>The start-up summary each run printed.</summary>
    public StringWriter Notes { get; } = new();

    /// <summary>Sinks opened besides <see cref="Sink"/>.</summary>
    public List<Abstractions.Metrics.IMetricSinkPlugin> ExtraSinks { get; } = [];

    /// <summary>The loss each run uses; by default the SFT negative log-likelihood.</summary>
    public Func<ILossFunction> Loss { get; set; } = () => new SftNllLoss();

    /// <summary>The trainer each run uses; by default the digit SFT trainer.</summary>
    public ITrainerPlugin Trainer { get; init; } = new DigitSftTrainer();

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Training:Trainer"] = "digit-sft",
        ["Training:BatchSize"] = "4",
        ["Training:LearningRate"] = "0.01",
        ["Training:Schedule"] = "constant",
        ["Training:MaxSteps"] = "20",
        ["Training:OutputDir"] = "run",
        ["Training:Seed"] = "7",
        ["Model:Plugin"] = "tiny-mlp",
        ["Model:Architecture"] = "tiny-mlp",
        ["Model:Options:Width"] = "16",
        ["Model:Options:Dropout"] = "0.1",
        ["Data:Loader"] = "memory",
        ["Data:Train"] = "train",
        ["Metrics:LogEvery"] = "1",
    };

    public string OutputDir => Path.Combine(Root, Settings["Training:OutputDir"]!);

    public RunPlan Plan(RunMode mode = RunMode.Train)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var training = SectionBinder.Bind<TrainingOptions>(configuration.GetSection("Training"));
        var model = new ModelOptions { Plugin = configuration["Model:Plugin"], Architecture = configuration["Model:Architecture"], Checkpoint = configuration["Model:Checkpoint"], Options = configuration.GetSection("Model:Options") };
        var data = new DataOptions { Loader = "memory", Train = configuration["Data:Train"], Eval = configuration["Data:Eval"], Options = configuration.GetSection("Data:Options") };
        var metrics = new MetricsOptions { LogEvery = long.Parse(configuration["Metrics:LogEvery"]!), Options = configuration.GetSection("Metrics:Options") };
        return new RunPlan
        {
            Mode = mode,
            ConfigurationRoot = Root,
            Configuration = configuration,
            Training = training,
            Data = data,
            Model = model,
            Loss = new LossOptions { Script = "sft-nll" },
            Metrics = metrics,
            Trainer = Trainer.CreateTrainer(Context(Trainer.Name)),
            Models = Model.CreateModels(Context(Model.Name)),
            Loader = Loader,
            Sinks = [.. new[] { Sink }.Concat(ExtraSinks).Select(sink => new MetricSinkOpener(sink.Name, () => sink.Open(Context(sink.Name) with
            {
                OutputDirectory = OutputDir,
                Settings = configuration.GetSection($"Metrics:Options:{sink.Name}"),
            })))],
            LoadLoss = Loss,
        };
    }

    public RunOutcome Run(CancellationToken cancellation = default, Action<string>? afterCheckpointPart = null, ProgressLog? progress = null,
        RunMode mode = RunMode.Train)
    {
        var loopOptions = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build().GetSection(StandardLoopOptions.Section).Get<StandardLoopOptions>() ?? new();
        var loop = new StandardRunLoop(loopOptions, new WriterLogger(Warnings, Notes)) { Tables = Warnings, AfterCheckpointPart = afterCheckpointPart };
        return loop.Run(Plan(mode), progress ?? new ProgressLog(), cancellation);
    }

    /// <summary>The context the host would create a plugin's per-run object with.</summary>
    public PluginContext Context(string plugin) => new() { PluginName = plugin, Logger = new WriterLogger(Warnings, Notes), ConfigurationRoot = Root };

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
