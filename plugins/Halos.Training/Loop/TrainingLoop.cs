using System.Diagnostics;
using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Metrics;
using Halos.Abstractions.Options;
using Halos.Abstractions.Running;
using Halos.Data.Batching;
using Halos.Torch;
using Halos.Torch.Optim;
using Halos.Torch.Distributed;
using Halos.Training.Checkpoints;
using Halos.Training.Distributed;
using Halos.Training.Metrics;
using Halos.Training.Online;
using Halos.Training.Optimization;
using Halos.Training.Setup;
using Microsoft.Extensions.Configuration;

namespace Halos.Training.Loop;

/// <summary>
/// The shared training loop: draws each step's microbatches in a seeded, resumable order, runs the
/// <see cref="GradientStep"/>, applies the schedule and AdamW (or skips a non-finite step), logs, evaluates and
/// checkpoints on schedule, and on cancellation saves a checkpoint and returns. Every random draw is a function
/// of (seed, step) or (seed, epoch), so a run resumed from any checkpoint ends bit-identical to one that never stopped.
/// <para>
/// Data-parallel runs take the same path (<see cref="DistributedContext"/> is the identity in one process): rank 0's
/// weights are broadcast at start; every rank draws the same global microbatches of <c>BatchSize</c> × ranks
/// examples and keeps its share (<see cref="RankShards"/>), so the global batch is BatchSize × ranks ×
/// accumulation; gradients are averaged once per step; logged metrics are summed with their counts over the
/// ranks; rank 0 alone writes checkpoints and the final model, between barriers.
/// </para>
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
    private readonly DistributedContext _ranks;
    private readonly GradientBuckets _buckets;
    private readonly RolloutStage? _rollout;
    private readonly CompletionLog? _completionLog;
    private readonly int _updatesPerGeneration;
    private readonly long _totalSteps;
    private IReadOnlyList<IReadOnlyList<Example>>? _rollouts;
    private int _rolloutExamples;
    private bool _stopPending;
    private long _step;
    private long _examplesSeen, _tokensSeen;
    private string? _latestCheckpoint;

    public TrainingLoop(RunComponents components, TrainingOptions options, long logEvery, IReadOnlyList<Example> train,
        MicrobatchForward forward, Evaluator? evaluator, MetricSinks sinks, CheckpointWriter writer, IConfiguration configuration,
        Action<string> warn, ResumePoint? resume, DistributedContext? ranks = null, RolloutStage? rollout = null, CompletionLog? completionLog = null)
    {
        _ranks = ranks ?? DistributedContext.SingleProcess(components.Modules.Device);
        _components = components;
        _options = options;
        _logEvery = logEvery;
        _train = train;
        _evaluator = evaluator;
        _sinks = sinks;
        _writer = writer;
        _configuration = configuration;
        _warn = warn;
        _rollout = rollout;
        _completionLog = completionLog;
        _updatesPerGeneration = rollout?.UpdatesPerGeneration ?? 1;
        _sampler = GlobalSampler(train.Count, options, _ranks.WorldSize);
        // An online run draws prompts once per generation and takes μ optimiser steps on each draw's rollouts.
        _budget = StepBudget.For(GenerationsFor(options.MaxSteps, _updatesPerGeneration), options.Epochs, _sampler.BatchesPerEpoch, options.GradientAccumulationSteps);
        _totalSteps = _budget.TotalSteps * _updatesPerGeneration;
        if (rollout is not null && options.CheckpointEvery % _updatesPerGeneration != 0)
            throw new InvalidOperationException(
                $"Training:CheckpointEvery={options.CheckpointEvery} is not a multiple of Training:UpdatesPerGeneration={_updatesPerGeneration}; " +
                "a checkpoint never splits a rollout's updates, so save every multiple of μ steps");
        _optimizer = OptimizerSetup.CreateOptimizer(components.Trained, options);
        _schedule = OptimizerSetup.CreateSchedule(options, _totalSteps);
        var parameters = components.Trained.parameters().Where(p => p.requires_grad).ToList();
        _buckets = _ranks.CreateGradientBuckets(parameters);
        _gradientStep = new GradientStep(forward, _optimizer, parameters, options.MaxGradNorm, _ranks, _buckets);
        _guard = new NonFiniteGuard(options.AbortAfterNonFiniteSteps, resume?.State.SkippedSteps ?? 0);
        if (resume is not null) Restore(resume);
        _latestCheckpoint = resume?.Folder;
        // Every rank starts from rank 0's weights: a from-scratch model or a new head is seeded alike on every rank,
        // but a rank must never train a copy that drifted (a different checkpoint file, a nondeterministic init).
        _ranks.BroadcastParameters(components.Trained);
    }

    /// <summary>
    /// The sampler of global microbatches: BatchSize × ranks examples, shuffled by the run seed alone, so every rank
    /// draws the same ones. A last microbatch too small to give every rank an example is left out of the epoch.
    /// </summary>
    private static DataSampler GlobalSampler(int examples, TrainingOptions options, int worldSize)
    {
        if (examples < worldSize)
            throw new InvalidOperationException(
                $"Data:Train has {examples} example(s) after the length policy, fewer than the {worldSize} ranks of this run; every rank needs at least one");
        return new DataSampler(examples, options.BatchSize * worldSize,
            new SamplerOptions { Seed = options.Seed, Shuffle = true, MinLastBatch = worldSize });
    }

    /// <summary>The draws of training data: one per optimiser step, or one per generation of an online run.</summary>
    public StepBudget Budget => _budget;

    /// <summary>Optimiser steps of the whole run.</summary>
    public long TotalSteps => _totalSteps;

    private static long GenerationsFor(long maxSteps, int updatesPerGeneration)
    {
        if (maxSteps % updatesPerGeneration != 0)
            throw new InvalidOperationException(
                $"Training:MaxSteps={maxSteps} is not a multiple of Training:UpdatesPerGeneration={updatesPerGeneration}; every rollout gets all its μ updates");
        return maxSteps / updatesPerGeneration;
    }

    /// <summary>Global microbatches in one pass over the training data.</summary>
    public int BatchesPerEpoch => _sampler.BatchesPerEpoch;

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
            _buckets.Dispose();
        }
    }

    private RunOutcome Train(IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        var trained = _components.Trained;
        // An online run trains with dropout off (TRL's GRPO disables it by default): the ratio to the sampling
        // policy must be 1 at the first update, and the rollouts are sampled from the same deterministic policy.
        if (_rollout is null) trained.train();
        else trained.eval();
        var interval = new MetricAccumulator();
        var intervalClock = Stopwatch.StartNew();
        var runClock = Stopwatch.StartNew();
        long intervalExamples = 0, intervalTokens = 0, runExamples = 0, runTokens = 0;
        SortedDictionary<string, double> lastTrain = new(StringComparer.Ordinal);
        SortedDictionary<string, double>? lastEval = null;

        while (_step < _totalSteps)
        {
            // Where this step starts, to go back to if a loss script is stopped inside it.
            var startPosition = _sampler.Position;
            var startLossState = _components.Loss.State;
            torch.manual_seed(StepSeed.ForStep(_options.Seed, _step, _ranks.Rank));
            IReadOnlyList<IReadOnlyList<Example>> microbatches;
            var stepExamples = 0;
            if (_rollout is null || _step % _updatesPerGeneration == 0)
            {
                var drawn = new List<IReadOnlyList<Example>>();
                var generation = _step / _updatesPerGeneration;
                long position = 0;
                for (var m = 0; m < _budget.MicrobatchesAt(generation); m++)
                {
                    var global = _sampler.Next().Select(i => _train[i]).ToList();
                    stepExamples += global.Count;
                    if (_rollout is null)
                    {
                        drawn.Add(RankShards.Take(global, _ranks.Rank, _ranks.WorldSize));
                        continue;
                    }
                    Rollout rollout;
                    try
                    {
                        // Ranks sample on: they stop together at the end of the step. One process stops at once, as
                        // the step never started: the checkpoint of the last step is the one to resume from.
                        rollout = _rollout.Roll(global, generation, position, _step + 1, _ranks.IsDistributed ? CancellationToken.None : cancellationToken);
                    }
                    catch (Exception e) when (IsScriptStop(e, cancellationToken))
                    {
                        _sampler.Restore(startPosition);
                        return StopOnScript(e, lastTrain, lastEval);
                    }
                    position += global.Count;
                    drawn.Add(rollout.Groups);
                    interval.AddAll(rollout.Metrics);
                    if (_completionLog is not null && _options.LogCompletionsEvery > 0 && generation % _options.LogCompletionsEvery == 0)
                        _completionLog.Append(rollout.Records);
                }
                microbatches = drawn;
                _rollouts = _rollout is null ? null : drawn;
                _rolloutExamples = stepExamples;
            }
            else
            {
                microbatches = _rollouts!;
                stepExamples = _rolloutExamples;
            }
            _schedule.Apply(_optimizer, _step);
            var learningRate = _optimizer.param_groups[0].LearningRate;

            StepOutcome outcome;
            try
            {
                outcome = _gradientStep.Run(microbatches, stepExamples, cancellationToken);
            }
            catch (Exception e) when (IsScriptStop(e, cancellationToken))
            {
                // The step never completed: its draws and any running statistics it fed are undone, so the checkpoint
                // is exactly the one the last completed step would have written, and a resumed run redoes this step.
                _optimizer.zero_grad();
                _sampler.Restore(startPosition);
                _components.Loss.RestoreState(startLossState);
                return StopOnScript(e, lastTrain, lastEval);
            }
            _step++;
            if (outcome.Skipped) _warn(_guard.Skip(_step, outcome.SkipReason!));
            else _optimizer.step();
            if (_rollout is not null && _options.SyncReferenceEvery > 0 && _step % _options.SyncReferenceEvery == 0) _rollout.SyncReference();

            interval.AddAll(outcome.Metrics);
            if (!outcome.Skipped) interval.Add(MetricNames.GradNorm, outcome.GradNorm);
            intervalExamples += outcome.Examples;
            intervalTokens += outcome.Tokens;
            runExamples += outcome.Examples;
            runTokens += outcome.Tokens;
            _examplesSeen += outcome.Examples;
            _tokensSeen += outcome.Tokens;
            var stepProgress = new TrainingProgress(MetricNames.TrainPhase, _step, _totalSteps, runExamples, runTokens, runClock.Elapsed,
                outcome.Metrics.TryMean(MetricNames.Loss, out var loss) ? loss : null,
                outcome.Metrics.TryMean(MetricNames.RewardsAccuracies, out var accuracy) ? accuracy : null, _latestCheckpoint);
            progress.Report(stepProgress);

            var last = _step == _totalSteps;
            if (_step % _logEvery == 0 || last)
            {
                var seconds = Math.Max(intervalClock.Elapsed.TotalSeconds, 1e-9);
                // The interval's metrics over every rank (examples and tokens are global already).
                lastTrain = LossMetrics.Finish(CrossRankMetrics.Reduce(interval, _ranks));
                lastTrain[MetricNames.LearningRate] = learningRate;
                lastTrain[MetricNames.ExamplesPerSecond] = intervalExamples / seconds;
                lastTrain[MetricNames.TokensPerSecond] = intervalTokens / seconds;
                lastTrain[MetricNames.Epoch] = Epoch();
                lastTrain[MetricNames.NumTokens] = _tokensSeen;
                if (_guard.Skipped > 0) lastTrain[MetricNames.SkippedSteps] = _guard.Skipped;
                Log(MetricNames.TrainPhase, lastTrain);
                interval.Clear();
                intervalExamples = intervalTokens = 0;
                intervalClock.Restart();
            }

            // Ranks agree on stopping inside the step; a single process also honours a request that arrived since.
            // An online run stops only between rollouts: a checkpoint never splits a rollout's μ updates, so a resumed run
            // needs no rollouts saved with it (at most μ − 1 more steps run after Ctrl+C).
            _stopPending |= outcome.StopRequested || (!_ranks.IsDistributed && cancellationToken.IsCancellationRequested);
            var stop = _stopPending && _step % _updatesPerGeneration == 0;
            // An interrupted run skips the evaluation: Ctrl+C should save and stop promptly.
            if (_evaluator is not null && !stop && (last || (_options.EvalEvery > 0 && _step % _options.EvalEvery == 0)))
            {
                try
                {
                    lastEval = _evaluator.Run(progress, CancellationToken.None, _step);
                }
                catch (Exception e) when (IsScriptStop(e, cancellationToken))
                {
                    return StopOnScript(e, lastTrain, lastEval);
                }
                Log(MetricNames.EvalPhase, lastEval);
            }

            if (stop && !last)
            {
                var saved = SaveCheckpoint();
                return new RunOutcome(_step, Interrupted: true, saved, Summary(lastTrain, lastEval));
            }
            if (!last && _options.CheckpointEvery > 0 && _step % _options.CheckpointEvery == 0)
                progress.Report(stepProgress with { LatestCheckpoint = SaveCheckpoint() });
        }

        SaveCheckpoint();
        var final = SaveFinalModel();
        return new RunOutcome(_step, Interrupted: false, final, Summary(lastTrain, lastEval));
    }

    /// <summary>
    /// A loss script stopped by its watchdog: past its time limit, or at Ctrl+C while stuck in a loop. A single process
    /// can stop cleanly from either; ranks of a data-parallel run cannot (the others wait in a collective), so there the
    /// error ends the run as any other.
    /// </summary>
    private bool IsScriptStop(Exception e, CancellationToken cancellationToken) => !_ranks.IsDistributed &&
        (e is LossTimeoutException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested));

    /// <summary>
    /// Saves a checkpoint of the last completed step (if one completed and it is not saved already), then ends the run:
    /// interrupted for Ctrl+C, with a <see cref="RunStoppedException"/> naming the script for a timeout.
    /// </summary>
    private RunOutcome StopOnScript(Exception e, SortedDictionary<string, double> lastTrain, SortedDictionary<string, double>? lastEval)
    {
        var existing = CheckpointLayout.FolderFor(_writer.OutputDirectory, _step);
        // Inside an online rollout's μ updates no checkpoint is written: the last one, at the rollout's start, is the one to resume from.
        var saved = _step == 0 ? null : CheckpointLayout.IsCheckpoint(existing) ? existing
            : _step % _updatesPerGeneration != 0 ? _latestCheckpoint : SaveCheckpoint();
        if (e is OperationCanceledException) return new RunOutcome(_step, Interrupted: true, saved, Summary(lastTrain, lastEval));
        throw new RunStoppedException(saved is null
            ? $"{e.Message}; no step had completed, so no checkpoint was saved"
            : $"{e.Message}; the checkpoint of the last completed step (step {_step}) is {saved} (resume with --Training:ResumeFrom={saved})",
            saved, e);
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

    /// <summary>
    /// Saves a checkpoint of this step and returns its folder. In a data-parallel run every rank calls it at the
    /// same step: rank 0 writes while the others wait at a barrier, so none runs ahead of a checkpoint that might
    /// fail, and none reads a half-written folder.
    /// </summary>
    public string SaveCheckpoint()
    {
        _ranks.Barrier();
        var folder = _ranks.IsMainProcess ? WriteCheckpoint() : CheckpointLayout.FolderFor(_writer.OutputDirectory, _step);
        _ranks.Barrier();
        return _latestCheckpoint = folder;
    }

    private string WriteCheckpoint()
    {
        _sinks.Flush();
        var state = new TrainerState
        {
            GlobalStep = _step,
            MaxSteps = _totalSteps,
            Seed = _options.Seed,
            DataPosition = _sampler.Position,
            SkippedSteps = _guard.Skipped,
            ExamplesSeen = _examplesSeen,
            TokensSeen = _tokensSeen,
            BatchSize = _options.BatchSize,
            GradientAccumulationSteps = _options.GradientAccumulationSteps,
            WorldSize = _ranks.WorldSize,
            LossState = new Dictionary<string, RunningMeanState>(_components.Loss.State, StringComparer.Ordinal),
            LogHistory = [.. _history],
        };
        return _writer.Save(_step,
        [
            new CheckpointPart("model", folder => _components.Models.SavePretrained(_components.Trained, _components.Spec, folder)),
            new CheckpointPart("optimizer", folder => OptimizerStateFile.Save(Path.Combine(folder, CheckpointLayout.OptimizerFile), _optimizer)),
            new CheckpointPart("run_config", folder => RunConfigurationFile.Save(Path.Combine(folder, CheckpointLayout.RunConfigurationFile), _configuration)),
            new CheckpointPart("trainer_state", folder => state.Save(Path.Combine(folder, CheckpointLayout.TrainerStateFile))),
        ]);
    }

    /// <summary>The trained model alone, in <c>&lt;OutputDir&gt;/final</c>, as transformers loads it (written by rank 0).</summary>
    private string SaveFinalModel()
    {
        var path = Path.Combine(_writer.OutputDirectory, CheckpointLayout.FinalFolder);
        if (_ranks.IsMainProcess)
            AtomicFolder.Write(path, folder => _components.Models.SavePretrained(_components.Trained, _components.Spec, folder));
        _ranks.Barrier();
        return path;
    }

    private void Restore(ResumePoint resume)
    {
        var state = resume.State;
        if (state.Seed != _options.Seed)
            throw new InvalidOperationException(
                $"{resume.Folder}: the checkpoint was trained with Training:Seed={state.Seed}, this run has {_options.Seed}; resume with the same seed, or the run would not continue the same data order and random draws");
        if (state.WorldSize != _ranks.WorldSize)
            throw new InvalidOperationException(
                $"{resume.Folder}: the checkpoint was trained by {state.WorldSize} rank(s), this run has {_ranks.WorldSize}; its data position counts global " +
                $"microbatches of Training:BatchSize × {state.WorldSize} examples, so resume with {state.WorldSize} rank(s)");
        // Every rank must continue from the same checkpoint: a rank that found another (a stale copy on a node's
        // local disk) would silently train different data.
        var steps = _ranks.AllGather(state.GlobalStep);
        if (steps.Distinct().Count() > 1)
            throw new InvalidOperationException(
                $"{resume.Folder}: the ranks resume from different steps ({string.Join(", ", steps.Select((s, r) => $"rank {r}: {s}"))}); " +
                "every rank must read the same checkpoint, so put Training:OutputDir on storage all nodes share");
        if (state.GradientAccumulationSteps != 0 && state.GradientAccumulationSteps != _options.GradientAccumulationSteps)
            throw new InvalidOperationException(
                $"{resume.Folder}: the checkpoint was trained with Training:GradientAccumulationSteps={state.GradientAccumulationSteps}, this run has {_options.GradientAccumulationSteps}");
        try
        {
            _sampler.Restore(state.DataPosition);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{resume.Folder}: {e.Message} (check Training:Seed, Training:BatchSize, the number of ranks and Data:Train)", e);
        }
        resume.RestoreWeights(_components.Trained);
        resume.RestoreOptimizer(_optimizer);
        try
        {
            _components.Loss.RestoreState(state.LossState);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{resume.Folder}: {e.Message}; resume with the Loss settings the checkpoint was trained with", e);
        }
        if (state.GlobalStep % _updatesPerGeneration != 0)
            throw new InvalidOperationException(
                $"{resume.Folder}: the checkpoint is at step {state.GlobalStep}, inside a rollout of Training:UpdatesPerGeneration={_updatesPerGeneration} updates; " +
                "resume with the UpdatesPerGeneration it was trained with");
        _step = state.GlobalStep;
        _examplesSeen = state.ExamplesSeen;
        _tokensSeen = state.TokensSeen;
        _history.AddRange(state.LogHistory);
    }
}
