using Halos.Abstractions.Metrics;
using Halos.Abstractions.Options;
using Halos.Abstractions.Running;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Torch.Distributed;
using Halos.Training.Checkpoints;
using Halos.Training.Loop;
using Halos.Training.Metrics;
using Halos.Training.Online;
using Halos.Training.Sampling;
using Halos.Training.Precision;
using Halos.Training.Setup;
using Microsoft.Extensions.Logging;

namespace Halos.Training;

/// <summary>
/// The run loop "standard" (<c>Training:Loop</c>), for one run (<see cref="StandardRunLoopPlugin"/> creates it):
/// <c>halos train</c> runs the shared <see cref="TrainingLoop"/>, <c>halos eval</c> the <see cref="Evaluator"/> over
/// <c>Data:Eval</c>, <c>halos score</c> and <c>halos sample</c> their JSONL commands. Each builds the run from the plan:
/// the loss, the modules, the data, the metric sinks, and (for a resumed run) the checkpoint to continue from.
/// </summary>
public sealed class StandardRunLoop(StandardLoopOptions options, ILogger logger) : IRunLoop
{
    /// <summary>The loop's own settings (<c>Training:LoopOptions</c>).</summary>
    public StandardLoopOptions Options { get; } = options;

    /// <summary>Where an evaluation's prediction table goes (<c>Training:EvalShow</c>): a table, not a log line.</summary>
    public TextWriter Tables { get; init; } = Console.Error;

    /// <summary>Where <c>halos score</c> writes scores when no <c>--output</c> is given.</summary>
    public TextWriter ScoreOutput { get; init; } = Console.Out;

    /// <summary>Where <c>halos sample</c> writes completions when no <c>--output</c> is given.</summary>
    public TextWriter SampleOutput { get; init; } = Console.Out;

    /// <summary>Called after each part of a checkpoint is written; tests throw from it to simulate a crash mid-save.</summary>
    internal Action<string>? AfterCheckpointPart { get; init; }

    public RunOutcome Run(RunPlan plan, IProgress<TrainingProgress> progress, CancellationToken cancellationToken) => plan.Mode switch
    {
        RunMode.Train => Train(plan, progress, cancellationToken),
        RunMode.Eval => Evaluate(plan, progress, cancellationToken),
        RunMode.Score => Scoring.ConversationScoring.Run(plan, ScoreOutput, cancellationToken),
        RunMode.Sample => Sampling.PromptSampling.Run(plan, SampleOutput, cancellationToken),
        RunMode.Label => Labeling.SampleLabeling.Run(plan, SampleOutput, logger, cancellationToken),
        _ => throw new NotSupportedException($"the standard loop does not implement {plan.Mode.ToString().ToLowerInvariant()}"),
    };

    /// <summary>A skipped non-finite step, a precision fallback, leftover partial checkpoints.</summary>
    private void Warn(string message) => logger.LogWarning("{Warning}", message);

    private RunOutcome Train(RunPlan plan, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        var options = plan.Training;
        if (string.IsNullOrWhiteSpace(plan.Data.Train)) throw new InvalidOperationException("Data:Train is not set; set the training data the loader reads");
        // A data-parallel rank when launched by halos launch, torchrun or Slurm (their variables set); one process otherwise.
        using var ranks = DistributedContext.FromEnvironment(Device.Parse(plan.Model.Device),
            new DistributedOptions
            {
                Timeout = TimeSpan.FromSeconds(Options.DistributedTimeoutSeconds),
                GradientBucketBytes = Math.Max(1, (long)(Options.GradientBucketMegabytes * (1 << 20))),
            });
        var outputDirectory = plan.ResolvePath(options.OutputDir);
        Directory.CreateDirectory(outputDirectory);
        if (ranks.IsMainProcess)
            foreach (var leftover in AtomicFolder.RemoveLeftovers(outputDirectory))
                Warn($"removed {leftover}: a checkpoint that was still being written when an earlier run stopped");
        var resume = FindResumePoint(options, outputDirectory, plan);

        using var components = RunComponents.Build(plan, Options, ranks.Device);
        var train = LengthPolicy.Apply(ExampleSets.Load(plan, plan.Data.Train, "Data:Train", components.Kind, 0, cancellationToken),
            "Data:Train", components.Modules.Tokenizer, Collate(plan), Warn);
        var precision = PrecisionPolicy.Resolve(Options.Precision, components.Modules.Device, Warn);
        var forward = Forward(plan, components, precision, ranks);
        Evaluator? evaluator = null;
        if (!string.IsNullOrWhiteSpace(plan.Data.Eval))
            evaluator = new Evaluator(forward.Local(), components.Trained,
                LengthPolicy.Apply(ExampleSets.Load(plan, plan.Data.Eval, "Data:Eval", components.Kind, options.EvalExamples, cancellationToken),
                    "Data:Eval", components.Modules.Tokenizer, Collate(plan), Warn), options.BatchSize, options.Seed, ranks)
            {
                ShowPredictions = options.EvalShow, PredictionOutput = Tables,
                PredictionFile = ranks.IsMainProcess ? Path.Combine(outputDirectory, PredictionsFile) : null,
            };
        Prepare(plan, components, [.. train, .. evaluator?.Examples ?? []]);

        // Rank 0 speaks for the run: it alone writes metrics and shows progress.
        using var sinks = ranks.IsMainProcess ? OpenSinks(plan) : new MetricSinks([]);
        var writer = new CheckpointWriter(outputDirectory, options.KeepCheckpoints) { AfterPart = AfterCheckpointPart };
        using var rollout = RolloutStage.IsOnline(plan, components.Kind)
            ? RolloutStage.Create(plan, components, Collate(plan), precision, ranks, StopTokenIds.Of(components.Modules.Tokenizer, components.Spec.Checkpoint), logger)
            : null;
        var completionLog = rollout is not null && ranks.IsMainProcess ? CompletionLog.Open(outputDirectory, resume?.State.GlobalStep ?? 0) : null;
        var loop = new TrainingLoop(components, options, plan.Metrics.LogEvery, train, forward, evaluator, sinks, writer, plan.Configuration, Warn, resume, ranks,
            rollout, completionLog);
        if (ranks.IsMainProcess)
            Announce(new RunSummary
            {
                Mode = "train",
                OutputDir = outputDirectory,
                Model = plan.Model.Checkpoint ?? plan.Model.Architecture,
                Loss = components.Loss.Name,
                Trainer = plan.Training.Trainer ?? "",
                Examples = train.Count,
                EvalExamples = evaluator?.Examples.Count ?? 0,
                Epochs = (double)loop.Budget.TotalMicrobatches / loop.BatchesPerEpoch,
                OptimizerSteps = loop.TotalSteps,
                BatchSize = options.BatchSize,
                GradientAccumulationSteps = options.GradientAccumulationSteps,
                WorldSize = ranks.WorldSize,
                Parameters = RunSummary.Count(components.Trained),
                Reference = RunSummary.DescribeReference(plan, Options, components.Loss.NeedsReference),
                Precision = precision.Description,
                Device = ranks.Device.ToString(),
                ResumedFrom = resume is null ? null : ResumeSummary.Of(resume),
                Online = rollout is null ? null
                    : $"{plan.Generation.NumSamples} completions per prompt (up to {RolloutStage.MaxNewTokens(plan)} new tokens, temperature {plan.Generation.Temperature}), " +
                      $"{options.UpdatesPerGeneration} update(s) per rollout; rewards: " +
                      string.Join(", ", rollout.Sources.Select(s => $"{s.Function.Name} x {s.Weight}")) +
                      (completionLog is null || options.LogCompletionsEvery == 0 ? "" : $"; completions in {completionLog.Path}"),
                Configuration = RunSummary.Flatten(plan.Configuration),
            }, outputDirectory);
        return loop.Run(ranks.IsMainProcess ? progress : Silent, cancellationToken);
    }

    /// <summary>The reward-prediction rows each evaluation of a training run shows (<c>Training:EvalShow</c>), kept for <c>halos report</c>.</summary>
    public const string PredictionsFile = "eval_predictions.jsonl";

    /// <summary>Prints the start-up summary and writes it as <c>run.json</c> beside the checkpoints.</summary>
    private void Announce(RunSummary summary, string outputDirectory)
    {
        foreach (var line in summary.Lines()) logger.LogInformation("{Summary}", line);
        summary.Save(Path.Combine(outputDirectory, RunSummary.FileName));
    }

    private static readonly IProgress<TrainingProgress> Silent = new Progress<TrainingProgress>();

    private RunOutcome Evaluate(RunPlan plan, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(plan.Data.Eval)) throw new InvalidOperationException("Data:Eval is not set; set the evaluation data the loader reads");
        using var components = RunComponents.Build(plan, Options);
        var examples = LengthPolicy.Apply(ExampleSets.Load(plan, plan.Data.Eval, "Data:Eval", components.Kind, plan.Training.EvalExamples, cancellationToken),
            "Data:Eval", components.Modules.Tokenizer, Collate(plan), Warn);
        Prepare(plan, components, examples);
        var precision = PrecisionPolicy.Resolve(Options.Precision, components.Modules.Device, Warn);
        var evaluator = new Evaluator(Forward(plan, components, precision), components.Trained, examples, plan.Training.BatchSize, plan.Training.Seed)
            { ShowPredictions = plan.Training.EvalShow, PredictionOutput = Tables };
        var metrics = evaluator.Run(progress, cancellationToken);
        return new RunOutcome(0, Interrupted: false, null, metrics) { Evaluated = evaluator.LastRun };
    }

    /// <summary>The token budgets and over-length policy of the <c>Data</c> section.</summary>
    private static CollateOptions Collate(RunPlan plan) => CollateOptions.From(plan.Data);

    /// <summary>The trainer's once-per-run work over every example the run will collate (e.g. a precomputed reference pass).</summary>
    private void Prepare(RunPlan plan, RunComponents components, IReadOnlyList<Abstractions.Data.Example> examples) =>
        components.Trainer.Prepare(new TrainerPreparation(plan.Mode, components.Modules, components.Loss, examples,
            Collate(plan), plan.Training, plan.ConfigurationRoot)
        {
            PolicyCheckpoint = components.Spec.Checkpoint,
            PrecomputeReferenceIn = components.Loss.NeedsReference && Options.PrecomputesReference ? plan.ResolvePath(Options.ReferenceCache) : null,
        });

    private static MicrobatchForward Forward(RunPlan plan, RunComponents components, PrecisionPolicy precision, DistributedContext? ranks = null) =>
        new(components, Collate(plan), precision, ranks is { IsDistributed: true } ? ranks : null);

    /// <summary>The checkpoint <c>Training:ResumeFrom</c> or <c>Training:Resume</c> (<c>--resume</c>) asks for, or null for a fresh run.</summary>
    private static ResumePoint? FindResumePoint(TrainingOptions options, string outputDirectory, RunPlan plan)
    {
        if (options.ResumeFrom is { Length: > 0 } from)
            return ResumePoint.Open(CheckpointLayout.ResolveResume(plan.ResolvePath(from), "Training:ResumeFrom"));
        if (!options.Resume) return null;
        var newest = CheckpointLayout.Newest(outputDirectory)
                     ?? throw new InvalidOperationException(
                         $"--resume: {outputDirectory} holds no complete checkpoint ({CheckpointLayout.FolderPrefix}N folders with {CheckpointLayout.TrainerStateFile}); " +
                         "drop --resume to start a new run, or point Training:OutputDir at the run to continue");
        return ResumePoint.Open(newest);
    }

    private static MetricSinks OpenSinks(RunPlan plan)
    {
        var opened = new List<IMetricSink>();
        try
        {
            foreach (var sink in plan.Sinks) opened.Add(sink.Open());
        }
        catch
        {
            foreach (var s in opened) s.Dispose();
            throw;
        }
        return new MetricSinks(opened);
    }
}
