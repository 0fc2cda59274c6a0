using System.Diagnostics;
using Halos.Abstractions.Data;
using Halos.Abstractions.Generation;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Rewards;
using Halos.Abstractions.Running;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Torch.Distributed;
using Halos.Training.Metrics;
using Halos.Training.Precision;
using Halos.Training.Rewards;
using Halos.Training.Sampling;
using Halos.Training.Setup;

namespace Halos.Training.Online;

/// <summary>The groups one rank trains on for a microbatch of prompts, and what sampling and scoring them measured.</summary>
public sealed record Rollout(IReadOnlyList<Example> Groups, MetricAccumulator Metrics, IReadOnlyList<CompletionRecord> Records);

/// <summary>
/// The rollout stage of an online run (GRPO, RLOO, online DPO): for a microbatch of prompts it samples K completions
/// per prompt from the current policy, rewards them with <c>Rewards:Sources</c>, and hands the trainer groups that
/// carry the sampled token ids, so the update trains on exactly what was sampled.
/// <list type="bullet">
/// <item>Data-parallel: each rank samples its contiguous share of the global microbatch's prompts, all K completions
/// of a prompt on one rank, so a group never straddles ranks.</item>
/// <item>Completion k of the prompt at global position p of generation g draws from its own random stream
/// (<see cref="CounterRandom"/>), a function of (Generation:Seed, g, p, k) alone: rollouts do not depend on the
/// number of ranks or the decoding batch, and a resumed run samples what the uninterrupted one did.</item>
/// <item>With μ = <c>Training:UpdatesPerGeneration</c> &gt; 1, one no-grad pass measures the sampling policy's
/// per-token log-probs (the later updates' <c>OldPolicyPerToken</c>) and the reference's, once per rollout.</item>
/// </list>
/// </summary>
public sealed class RolloutStage : IDisposable
{
    /// <summary>Prompts per generation are numbered below this in a random stream's index.</summary>
    private const long PositionsPerGeneration = 1 << 16;

    private readonly RunComponents _components;
    private readonly IGenerativeLanguageModel _policy;
    private readonly SamplingOptions _sampling;
    private readonly RewardCombiner _rewards;
    private readonly CollateOptions _collate;
    private readonly PrecisionPolicy _precision;
    private readonly DistributedContext _ranks;
    private readonly int _samples, _decodeBatch, _maxPromptLength, _measureBatch;

    private RolloutStage(RunComponents components, IGenerativeLanguageModel policy, SamplingOptions sampling, RewardCombiner rewards,
        CollateOptions collate, PrecisionPolicy precision, DistributedContext ranks, int samples, int decodeBatch, int maxPromptLength,
        int updatesPerGeneration, int measureBatch)
    {
        _components = components;
        _policy = policy;
        _sampling = sampling;
        _rewards = rewards;
        _collate = collate;
        _precision = precision;
        _ranks = ranks;
        _samples = samples;
        _decodeBatch = decodeBatch;
        _maxPromptLength = maxPromptLength;
        UpdatesPerGeneration = updatesPerGeneration;
        _measureBatch = measureBatch;
    }

    /// <summary>μ: optimiser steps on each rollout.</summary>
    public int UpdatesPerGeneration { get; }

    public IReadOnlyList<WeightedSource> Sources => _rewards.Sources;

    /// <summary>Whether the plan is an online run: a grouped loss with reward sources.</summary>
    public static bool IsOnline(RunPlan plan, DataKind kind) => kind == DataKind.Grouped && plan.Rewards.IsSet;

    public static RolloutStage Create(RunPlan plan, RunComponents components, CollateOptions collate, PrecisionPolicy precision,
        DistributedContext ranks, IReadOnlyCollection<long> stopTokenIds, Microsoft.Extensions.Logging.ILogger logger)
    {
        var generation = plan.Generation;
        if (generation.NumSamples < 2)
            throw new InvalidOperationException($"Generation:NumSamples is {generation.NumSamples}; an online run samples a group of K ≥ 2 completions per prompt (TRL's num_generations), e.g. Generation:NumSamples=4");
        var policy = components.Trained as IGenerativeLanguageModel
                     ?? throw new ModelSpecException($"{components.Spec}: online training samples from the policy, which needs a causal language model that decodes incrementally; the model plugin built a {components.Trained.GetType().Name}");
        var tokenizer = components.Modules.Tokenizer;
        SamplingOptions sampling;
        try
        {
            sampling = generation.ToSampling(stopTokenIds, tokenizer.PadTokenId ?? tokenizer.EosTokenId ?? 0, plan.Training.Seed) with { MaxNewTokens = MaxNewTokens(plan) };
            sampling.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidOperationException($"Generation: {e.Message}", e);
        }
        var rewards = new RewardCombiner(RewardSources.Build(plan, components.Modules.Device, logger));
        return new RolloutStage(components, policy, sampling, rewards, collate, precision, ranks, generation.NumSamples, generation.BatchSize,
            plan.Data.MaxPromptLength, plan.Training.UpdatesPerGeneration, plan.Training.BatchSize);
    }

    /// <summary>How far a rollout decodes: <c>Generation:MaxNewTokens</c>, capped by <c>Data:MaxCompletionLength</c> when that is set.</summary>
    public static int MaxNewTokens(RunPlan plan) =>
        plan.Data.MaxCompletionLength > 0 ? Math.Min(plan.Generation.MaxNewTokens, plan.Data.MaxCompletionLength) : plan.Generation.MaxNewTokens;

    /// <summary>
    /// This rank's groups for one global microbatch of prompts. <paramref name="firstPosition"/> is the global position,
    /// within its generation, of the microbatch's first prompt.
    /// </summary>
    public Rollout Roll(IReadOnlyList<Example> globalPrompts, long generation, long firstPosition, long step, CancellationToken cancellationToken)
    {
        var shard = _ranks.Shard(0, globalPrompts.Count);
        var tokenizer = _components.Modules.Tokenizer;
        var prompts = new List<(GroupedExample Example, int[] Ids, long Position)>();
        for (var i = (int)shard.Start; i < shard.Start + shard.Count; i++)
        {
            var example = globalPrompts[i] as GroupedExample
                          ?? throw new InvalidOperationException($"{globalPrompts[i].Id}: an online run needs prompts (grouped examples), got {globalPrompts[i].GetType().Name}");
            if (example.Completions.Count > 0)
                throw new DataFormatException(example.Id, null,
                    "holds scored completions, but Rewards:Sources asks for online sampling; train scored groups offline (no Rewards:Sources), or give prompts alone");
            int[] ids;
            try
            {
                ids = PromptEncoding.Ids(example.Prompt, tokenizer);
            }
            catch (InvalidOperationException e)
            {
                throw new DataFormatException(example.Id, null, e.Message);
            }
            // As TRL does, an over-long prompt keeps its end: the question nearest the answer.
            if (_maxPromptLength > 0 && ids.Length > _maxPromptLength) ids = ids[^_maxPromptLength..];
            prompts.Add((example, ids, firstPosition + i));
        }

        var clock = Stopwatch.StartNew();
        var sequences = Generate(prompts, generation, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;

        var queries = new List<RewardQuery>(sequences.Length);
        var texts = new string[sequences.Length];
        for (var r = 0; r < sequences.Length; r++)
        {
            var (example, _, _) = prompts[r / _samples];
            texts[r] = tokenizer.Decode(sequences[r].TokenIds, skipSpecialTokens: true);
            queries.Add(new RewardQuery(example.Id, RewardQuery.TextOf(example.Prompt), example.Prompt.Messages, texts[r], sequences[r].TokenIds, example.Row));
        }
        var rewarded = _rewards.Score(queries, cancellationToken);

        var groups = new List<Example>(prompts.Count);
        for (var p = 0; p < prompts.Count; p++)
        {
            var completions = Enumerable.Range(p * _samples, _samples)
                .Select(r => new ScoredCompletion(texts[r], rewarded.Totals[r]) { TokenIds = sequences[r].TokenIds }).ToList();
            groups.Add(prompts[p].Example with { Completions = completions, PromptIds = prompts[p].Ids });
        }
        if (UpdatesPerGeneration > 1) groups = Measure(groups);

        var metrics = new MetricAccumulator();
        RewardCombiner.Collect(rewarded, _samples, metrics);
        if (sequences.Length > 0)
        {
            metrics.Add(MetricNames.CompletionsMeanLength, sequences.Sum(s => (double)s.TokenIds.Length), sequences.Length);
            metrics.Add(MetricNames.CompletionsClippedRatio, sequences.Count(s => s.FinishReason == FinishReason.Length), sequences.Length);
        }
        metrics.Add(MetricNames.GenerationSeconds, seconds);
        if (seconds > 0) metrics.Add(MetricNames.GenerationTokensPerSecond, sequences.Sum(s => (double)s.TokenIds.Length) / seconds);

        var records = new List<CompletionRecord>(sequences.Length);
        var advantages = GroupAdvantages(rewarded.Totals);
        for (var r = 0; r < sequences.Length; r++)
            records.Add(new CompletionRecord(step, prompts[r / _samples].Example.Id, r % _samples, queries[r].PromptText, texts[r], sequences[r].TokenIds.Length,
                sequences[r].FinishReason.WireName(), rewarded.Totals[r], advantages[r],
                rewarded.PerSource.Select(s => (s.Name, s.Values[r])).ToList()));
        return new Rollout(groups, metrics, records);
    }

    private GeneratedSequence[] Generate(List<(GroupedExample Example, int[] Ids, long Position)> prompts, long generation, CancellationToken cancellationToken)
    {
        var rows = prompts.SelectMany(p => Enumerable.Range(0, _samples)
            .Select(k => (p.Ids, Stream: CounterRandom.Stream(generation * PositionsPerGeneration + p.Position, k)))).ToList();
        var sequences = new List<GeneratedSequence>(rows.Count);
        foreach (var chunk in rows.Chunk(_decodeBatch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            sequences.AddRange(BatchSampler.Generate(_policy, _components.Modules.Device, chunk.Select(c => c.Ids).ToList(), _sampling,
                chunk.Select(c => c.Stream).ToList(), _components.Modules.Tokenizer));
        }
        return [.. sequences];
    }

    /// <summary>
    /// One no-grad pass of the trainer over the groups, Training:BatchSize prompts at a time: each completion's per-token
    /// log-probs under the policy that sampled it and, when the loss has a reference, under the reference.
    /// </summary>
    private List<Example> Measure(List<Example> groups)
    {
        var measured = new List<Example>(groups.Count);
        foreach (var chunk in groups.Chunk(_measureBatch))
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            using var batch = _components.Trainer.Collate(chunk, _components.Kind, _components.Modules.Tokenizer, _collate);
            LossInputs inputs;
            using (_precision.Forward())
                inputs = _components.Trainer.ComputeLossInputs(batch, _components.Modules, _components.Loss);
            var mask = batch["loss_mask"];
            var completionMask = mask.narrow(1, 1, mask.size(1) - 1).to(ScalarType.Bool).to(_components.Modules.Device);
            var old = PerRow(inputs.PolicyPerToken!, completionMask);
            var reference = inputs.ReferencePerToken is { } r ? PerRow(r, completionMask) : null;
            var row = 0;
            foreach (var group in chunk.Cast<GroupedExample>())
            {
                var completions = group.Completions.Select(c =>
                {
                    var withOld = c with { OldLogProbs = old[row], ReferenceLogProbs = reference?[row] };
                    row++;
                    return withOld;
                }).ToList();
                measured.Add(group with { Completions = completions });
            }
        }
        return measured;
    }

    private static float[][] PerRow(Tensor perToken, Tensor mask)
    {
        var values = perToken.detach().to(ScalarType.Float32);
        return Enumerable.Range(0, (int)values.size(0))
            .Select(r => values[r].masked_select(mask[r]).to(Device.CPU).data<float>().ToArray()).ToArray();
    }

    /// <summary>For the completion log: each reward z-scored in its group (TRL's default advantage, (r − mean) / (std + 1e-4), sample std).</summary>
    private double[] GroupAdvantages(double[] totals)
    {
        var advantages = new double[totals.Length];
        for (var g = 0; g < totals.Length; g += _samples)
        {
            var group = totals.Skip(g).Take(_samples).Where(double.IsFinite).ToArray();
            var mean = group.Length == 0 ? 0 : group.Average();
            var std = SpreadStatistics.SampleStd(group);
            for (var i = g; i < g + _samples && i < totals.Length; i++)
                advantages[i] = double.IsFinite(totals[i]) ? (totals[i] - mean) / (std + 1e-4) : double.NaN;
        }
        return advantages;
    }

    /// <summary>Copies the policy's weights into the reference (Training:SyncReferenceEvery).</summary>
    public void SyncReference()
    {
        var reference = _components.Modules.Reference
                        ?? throw new InvalidOperationException("Training:SyncReferenceEvery: the run has no separate reference model to sync (the loss uses none, or it is the LoRA base)");
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var source = _components.Trained.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        foreach (var (name, parameter) in reference.named_parameters())
            if (source.TryGetValue(name, out var from)) parameter.copy_(from);
    }

    public void Dispose() => _rewards.Dispose();
}
