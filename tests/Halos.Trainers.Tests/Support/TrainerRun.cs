using Halos.Abstractions.Data;
using Halos.Abstractions.Metrics;
using Halos.Abstractions.Plugins;
using Halos.Tests.Shared;
using Halos.Abstractions.Options;
using Halos.Abstractions.Running;
using Halos.Abstractions.Training;
using Halos.Losses;
using Halos.Training;
using Halos.Trainers.Trainers;
using Halos.Transformers;
using Microsoft.Extensions.Configuration;

namespace Halos.Trainers.Tests.Support;

/// <summary>
/// A run of the real shared loop (<see cref="StandardRunLoop"/>) with the built-in trainers and model plugin on the
/// tiny checkpoint, a repository loss script, and in-memory data, in a temporary folder.
/// </summary>
public sealed class TrainerRun : IDisposable
{
    private readonly TempFolder _folder = new();

    public TrainerRun(string loss, IReadOnlyList<Example> train, IReadOnlyList<Example>? eval = null)
    {
        LossScriptPath = Path.Combine(RepoRoot, "losses", loss + ".csx");
        Loader.Sets["train"] = train;
        if (eval is not null)
        {
            Loader.Sets["eval"] = eval;
            Settings["Data:Eval"] = "eval";
        }
        Settings["Model:Checkpoint"] = TinyCheckpoint.Write(_folder.Combine("tiny"));
    }

    public static string RepoRoot { get; } = FindRoot();

    public string Root => _folder.Path;
    public string LossScriptPath { get; }
    public Dictionary<string, string> LossParameters { get; } = new();
    public MemoryLoader Loader { get; } = new();
    public RecordingSink Sink { get; } = new();
    public ITrainerPlugin Trainer { get; set; } = new LossKindTrainer();
    public StringWriter Warnings { get; } = new();

    /// <summary>The start-up summary each run printed.</summary>
    public StringWriter Notes { get; } = new();

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Training:BatchSize"] = "8",
        ["Training:LearningRate"] = "0.003",
        ["Training:Schedule"] = "constant",
        ["Training:MaxSteps"] = "30",
        ["Training:OutputDir"] = "run",
        ["Training:Seed"] = "5",
        ["Data:MaxLength"] = "32",
        ["Training:WeightDecay"] = "0",
        ["Training:LoopOptions:Precision"] = "float32",
        ["Model:Plugin"] = "transformers",
        ["Data:Loader"] = "memory",
        ["Data:Train"] = "train",
        ["Metrics:LogEvery"] = "1",
    };

    public RunPlan Plan(RunMode mode = RunMode.Train)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var training = SectionBinder.Bind<TrainingOptions>(configuration.GetSection("Training"));
        return new RunPlan
        {
            Mode = mode,
            ConfigurationRoot = Root,
            Configuration = configuration,
            Training = training,
            Data = new DataOptions { Loader = "memory", Train = configuration["Data:Train"], Eval = configuration["Data:Eval"], Options = configuration.GetSection("Data:Options"), ChatTemplate = configuration["Data:ChatTemplate"] },
            Model = new ModelOptions
            {
                Plugin = "transformers", Checkpoint = configuration["Model:Checkpoint"], ReferenceCheckpoint = configuration["Model:ReferenceCheckpoint"],
                Options = configuration.GetSection("Model:Options"), Lora = configuration.GetSection("Model:Lora"),
            },
            Loss = new LossOptions { Script = Path.GetFileNameWithoutExtension(LossScriptPath) },
            Metrics = new MetricsOptions { LogEvery = 1, Options = configuration.GetSection("Metrics:Options") },
            Trainer = Trainer.CreateTrainer(Context(Trainer.Name)),
            Models = new TransformersPlugin().CreateModels(Context("transformers")),
            Loader = Loader,
            Sinks = [new MetricSinkOpener(Sink.Name, () => Sink.Open(Context(Sink.Name) with { OutputDirectory = Path.Combine(Root, configuration["Training:OutputDir"]!) }))],
            LoadLoss = () => LossScript.Load(LossScriptPath, LossParameters),
        };
    }

    /// <summary>What plugins log: warnings to <see cref="Warnings"/>, notes to <see cref="Notes"/>.</summary>
    public WriterLogger Logger => new(Warnings, Notes);

    /// <summary>The context the host would create a plugin's per-run object with.</summary>
    public PluginContext Context(string plugin) => new() { PluginName = plugin, Logger = Logger, ConfigurationRoot = Root };

    /// <summary>The loop's own settings, <c>Training:LoopOptions</c>.</summary>
    public StandardLoopOptions LoopOptions =>
        new ConfigurationBuilder().AddInMemoryCollection(Settings).Build().GetSection(StandardLoopOptions.Section).Get<StandardLoopOptions>() ?? new();

    /// <summary>Where the loop would have the trainer cache precomputed reference log-probs (null when the reference runs live).</summary>
    public string? PrecomputeReferenceIn => LoopOptions is { PrecomputesReference: true } loop ? Path.GetFullPath(loop.ReferenceCache, Root) : null;

    /// <summary>A per-run trainer of <paramref name="plugin"/>'s kind, created as the host creates one.</summary>
    public StandardTrainer TrainerFor(StandardTrainer plugin) => (StandardTrainer)plugin.CreateTrainer(Context(plugin.Name));

    /// <summary>The built-in loop for one run, as the host creates it.</summary>
    public StandardRunLoop Loop() => new(LoopOptions, Logger) { Tables = Warnings };

    public RunOutcome Run(RunMode mode = RunMode.Train) =>
        Loop().Run(Plan(mode), new Progress<TrainingProgress>(), CancellationToken.None);

    /// <summary>A training run that reports its progress synchronously to <paramref name="onProgress"/> (a test cancels from it).</summary>
    public RunOutcome Run(Action<TrainingProgress> onProgress, CancellationToken cancellationToken) =>
        Loop().Run(Plan(), new SynchronousProgress(onProgress), cancellationToken);

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>The mean of a train metric over the first and the last <paramref name="window"/> logged steps.</summary>
    public (double First, double Last) Trend(string metric, int window = 5)
    {
        var values = Sink.Train(metric).ToList();
        Assert.True(values.Count >= 2 * window, $"only {values.Count} logged values of {metric}");
        return (values.Take(window).Average(), values.TakeLast(window).Average());
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Halos.Plugins.sln above {AppContext.BaseDirectory}");
    }

    public void Dispose() => _folder.Dispose();
}
