using System.Diagnostics;
using Halos.Abstractions.Data;
using Halos.Abstractions.Metrics;
using Halos.Abstractions.Options;
using Halos.Abstractions.Running;
using Halos.Data.Batching;
using Halos.Torch;
using Halos.Torch.Optim;
using Halos.Training.Checkpoints;
using Halos.Training.Metrics;
using Halos.Training.Optimization;
using Halos.Training.Setup;
using Microsoft.Extensions.Configuration;

namespace Halos.Training.Loop;

/// <summary>
/// The shared training loop: draws each step's microbatches in a seeded, resumable order, runs the
/// <see cref="GradientStep"/>, applies the schedule and AdamW (or skips a non-finite step), logs, evaluates and
/// checkpoints on schedule, and on cancellation saves a checkpoint and returns. Every random draw is a function
/// of (seed, step) or (seed, epoch), so a run resumed from any checkpoint ends bit-identical to one that never stopped.
/// </summary>
public sealed class TrainingLoop
{
    private readonly RunComponents _components;
    private readonly TrainingOptions _options;
    private readonly IReadOnlyList<Example> _train;
    private readonly GradientStep _gradientStep;
    private readonly Evaluator? _evaluator;
    private readonly MetricSinks _sinks;
    private readonly CheckpointWriter _writer;
    private readonly Action<string> _warn;
    private readonly long _logEvery;
    private readonly IConfiguration _configuration;
    private readonly DataSampler _sampler;
    private readonly StepBudget _budget;
    private readonly AdamW _optimizer;
    private readonly LearningRateSchedule _schedule;
    private readonly List<LoggedMetrics> _history = [];
    private readonly NonFiniteGuard _guard;
    private long _step;
    private long _examplesSeen, _tokensSeen;

    public TrainingLoop(RunComponents components, TrainingOptions options, long logEvery, IReadOnlyList<Example> train,
        MicrobatchForward forward, Evaluator? evaluator, MetricSinks sinks, CheckpointWriter writer, IConfiguration configuration,
        Action<string> warn, ResumePoint? resume)
    {
        _components = components;
        _options = options;
        _logEvery = logEvery;
        _train = train;
        _evaluator = evaluator;
        _sinks = sinks;
        _writer = writer;
        _configuration = configuration;
        _warn = warn;
        _sampler = new DataSampler(train.Count, options.BatchSize, new SamplerOptions { Seed = options.Seed, Shuffle = true });
        _budget = StepBudget.For(options.MaxSteps, options.Epochs, _sampler.BatchesPerEpoch, options.GradientAccumulationSteps);
        _optimizer = OptimizerSetup.CreateOptimizer(components.Trained, options);
        _schedule = OptimizerSetup.CreateSchedule(options, _budget.TotalSteps);
        var parameters = components.Trained.parameters().Where(p => p.requires_grad).ToList();
        _gradientStep = new GradientStep(forward, _optimizer, parameters, options.MaxGradNorm);
        _guard = new NonFiniteGuard(options.AbortAfterNonFiniteSteps, resume?.State.SkippedSteps ?? 0);
        if (resume is not null) Restore(resume);
    }

    public StepBudget Budget => _budget;

    public long Step => _step;

    public RunOutcome Run(IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        try
        {
            return Train(progress, cancellationToken);
        }
        finally
        {
            _optimizer.Dispose();
        }
    }

    private RunOutcome Train(IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        var trained = _components.Trained;
        trained.train();
        var interval = new MetricAccumulator();
        var intervalClock = Stopwatch.StartNew();
        var runClock = Stopwatch.StartNew();
        long intervalExamples = 0, intervalTokens = 0, runExamples = 0, runTokens = 0;
        SortedDictionary<string, double> lastTrain = new(StringComparer.Ordinal);
        SortedDictionary<string, double>? lastEval = null;

        while (_step < _budget.TotalSteps)
        {
            torch.manual_seed(StepSeed.ForStep(_options.Seed, _step));
            var microbatches = new List<IReadOnlyList<Example>>();
            for (var m = 0; m < _budget.MicrobatchesAt(_step); m++)
                microbatches.Add(_sampler.Next().Select(i => _train[i]).ToList());
            _schedule.Apply(_optimizer, _step);
            var learningRate = _optimizer.param_groups[0].LearningRate;

            var outcome = _gradientStep.Run(microbatches);
            _step++;
            if (outcome.Skipped) _warn(_guard.Skip(_step, outcome.SkipReason!));
            else _optimizer.step();

            interval.AddAll(outcome.Metrics);
            if (!outcome.Skipped) interval.Add(MetricNames.GradNorm, outcome.GradNorm);
            intervalExamples += outcome.Examples;
            intervalTokens += outcome.Tokens;
            runExamples += outcome.Examples;
            runTokens += outcome.Tokens;
            _examplesSeen += outcome.Examples;
            _tokensSeen += outcome.Tokens;
            progress.Report(new TrainingProgress(MetricNames.TrainPhase, _step, _budget.TotalSteps, runExamples, runTokens, runClock.Elapsed,
                outcome.Metrics.TryMean(MetricNames.Loss, out var loss) ? loss : null,
                outcome.Metrics.TryMean(MetricNames.RewardsAccuracies, out var accuracy) ? accuracy : null));

            var last = _step == _budget.TotalSteps;
            if (_step % _logEvery == 0 || last)
            {
                var seconds = Math.Max(intervalClock.Elapsed.TotalSeconds, 1e-9);
                lastTrain = LossMetrics.Finish(interval);
                lastTrain[MetricNames.LearningRate] = learningRate;
                lastTrain[MetricNames.ExamplesPerSecond] = intervalExamples / seconds;
                lastTrain[MetricNames.TokensPerSecond] = intervalTokens / seconds;
                lastTrain[MetricNames.Epoch] = Epoch();
                if (_guard.Skipped > 0) lastTrain[MetricNames.SkippedSteps] = _guard.Skipped;
                Log(MetricNames.TrainPhase, lastTrain);
                interval.Clear();
                intervalExamples = intervalTokens = 0;
                intervalClock.Restart();
            }

            // An interrupted run skips the evaluation: Ctrl+C should save and stop promptly.
            if (_evaluator is not null && !cancellationToken.IsCancellationRequested && (last || (_options.EvalEvery > 0 && _step % _options.EvalEvery == 0)))
            {
                lastEval = _evaluator.Run(progress, CancellationToken.None);
                Log(MetricNames.EvalPhase, lastEval);
            }

            if (cancellationToken.IsCancellationRequested && !last)
            {
                var saved = SaveCheckpoint();
                return new RunOutcome(_step, Interrupted: true, saved, Summary(lastTrain, lastEval));
            }
            if (!last && _options.CheckpointEvery > 0 && _step % _options.CheckpointEvery == 0) SaveCheckpoint();
        }

        SaveCheckpoint();
        var final = SaveFinalModel();
        return new RunOutcome(_step, Interrupted: false, final, Summary(lastTrain, lastEval));
    }

    /// <summary>Fractional epochs completed, as transformers logs "epoch".</summary>
    private double Epoch() => _sampler.Position.Epoch + (double)_sampler.Position.Batch / _sampler.BatchesPerEpoch;

    private void Log(string phase, SortedDictionary<string, double> values)
    {
        _sinks.Log(new MetricRecord(_step, phase, values, DateTimeOffset.UtcNow));
        _history.Add(new LoggedMetrics(_step, phase, new SortedDictionary<string, double>(values, StringComparer.Ordinal)));
    }

    /// <summary>The outcome's metrics: the last train values under their names, the last eval values as eval_NAME (transformers' spelling).</summary>
    private static IReadOnlyDictionary<string, double> Summary(SortedDictionary<string, double> train, SortedDictionary<string, double>? eval)
    {
        var all = new Dictionary<string, double>(train, StringComparer.Ordinal);
        if (eval is not null)
            foreach (var (name, value) in eval) all["eval_" + name] = value;
        return all;
    }

    public string SaveCheckpoint()
    {
        _sinks.Flush();
        var state = new TrainerState
        {
            GlobalStep = _step,
            MaxSteps = _budget.TotalSteps,
            Seed = _options.Seed,
            DataPosition = _sampler.Position,
            SkippedSteps = _guard.Skipped,
            ExamplesSeen = _examplesSeen,
            TokensSeen = _tokensSeen,
            BatchSize = _options.BatchSize,
            GradientAccumulationSteps = _options.GradientAccumulationSteps,
            LogHistory = [.. _history],
        };
        return _writer.Save(_step,
        [
            new CheckpointPart("model", folder => _components.ModelPlugin.SavePretrained(_components.Trained, _components.Spec, folder)),
            new CheckpointPart("optimizer", folder => OptimizerStateFile.Save(Path.Combine(folder, CheckpointLayout.OptimizerFile), _optimizer)),
            new CheckpointPart("run_config", folder => RunConfigurationFile.Save(Path.Combine(folder, CheckpointLayout.RunConfigurationFile), _configuration)),
            new CheckpointPart("trainer_state", folder => state.Save(Path.Combine(folder, CheckpointLayout.TrainerStateFile))),
        ]);
    }

    /// <summary>The trained model alone, in <c>&lt;OutputDir&gt;/final</c>, as transformers loads it.</summary>
    private string SaveFinalModel() =>
        AtomicFolder.Write(Path.Combine(_writer.OutputDirectory, CheckpointLayout.FinalFolder),
            folder => _components.ModelPlugin.SavePretrained(_components.Trained, _components.Spec, folder));

    private void Restore(ResumePoint resume)
    {
        var state = resume.State;
        if (state.Seed != _options.Seed)
            throw new InvalidOperationException(
                $"{resume.Folder}: the checkpoint was trained with Training:Seed={state.Seed}, this run has {_options.Seed}; resume with the same seed, or the run would not continue the same data order and random draws");
        if (state.GradientAccumulationSteps != 0 && state.GradientAccumulationSteps != _options.GradientAccumulationSteps)
            throw new InvalidOperationException(
                $"{resume.Folder}: the checkpoint was trained with Training:GradientAccumulationSteps={state.GradientAccumulationSteps}, this run has {_options.GradientAccumulationSteps}");
        try
        {
            _sampler.Restore(state.DataPosition);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{resume.Folder}: {e.Message} (check Training:Seed, Training:BatchSize and Data:Train)", e);
        }
        resume.RestoreWeights(_components.Trained);
        resume.RestoreOptimizer(_optimizer);
        _step = state.GlobalStep;
        _examplesSeen = state.ExamplesSeen;
        _tokensSeen = state.TokensSeen;
        _history.AddRange(state.LogHistory);
    }
}
