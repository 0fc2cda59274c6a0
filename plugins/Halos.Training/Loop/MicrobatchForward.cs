using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Torch.Distributed;
using Halos.Training.Distributed;
using Halos.Training.Metrics;
using Halos.Training.Precision;
using Halos.Training.Setup;

namespace Halos.Training.Loop;

/// <summary>A microbatch after its forward pass: the collated batch (owned), the loss inputs and the loss's result.</summary>
public sealed record ForwardResult(Batch Batch, LossInputs Inputs, LossResult Result, long Tokens) : IDisposable
{
    public int Examples => Batch.Count;

    public void Dispose() => Batch.Dispose();
}

/// <summary>
/// The forward half shared by training steps and evaluation: collate with the trainer, run its forward
/// passes in the run's precision, compute the loss, and gather the microbatch's metrics. Tensors land in the
/// caller's dispose scope. With <paramref name="crossRank"/> (data-parallel training), the inputs that describe
/// the whole microbatch are gathered from every rank before the loss runs (<see cref="CrossRankStatistics"/>); every
/// rank must then run the same number of forwards, which the loop's global microbatches guarantee.
/// </summary>
public sealed class MicrobatchForward(RunComponents components, CollateOptions collate, PrecisionPolicy precision, DistributedContext? crossRank = null)
{
    /// <summary>This forward with no cross-rank gathering: evaluation shards its examples unevenly, so ranks may run different numbers of batches.</summary>
    public MicrobatchForward Local() => crossRank is null ? this : new MicrobatchForward(components, collate, precision);

    public ForwardResult Run(IReadOnlyList<Example> examples)
    {
        var batch = components.Trainer.Collate(examples, components.Kind, components.Modules.Tokenizer, collate);
        try
        {
            LossInputs inputs;
            LossResult result;
            using (precision.Forward())
            {
                inputs = components.Trainer.ComputeLossInputs(batch, components.Modules, components.Loss);
                if (crossRank is not null) inputs = CrossRankStatistics.Gather(inputs, crossRank);
                result = components.Loss.Compute(inputs);
            }
            if (result.Losses.numel() != batch.Count)
                throw new InvalidOperationException(
                    $"loss '{components.Loss.Name}' returned {result.Losses.numel()} per-example losses for a microbatch of {batch.Count} examples " +
                    $"(trainer '{components.TrainerName}'); the loop scales gradients per example, so they must agree");
            return new ForwardResult(batch, inputs, result, BatchTokens.Count(batch));
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    /// <summary>Adds the standard metrics and the trainer's own (weighted by the microbatch's examples) to <paramref name="into"/>.</summary>
    public void CollectMetrics(ForwardResult forward, MetricAccumulator into)
    {
        LossMetrics.Collect(forward.Inputs, forward.Result, into);
        foreach (var (name, value) in components.Trainer.EvaluationMetrics(forward.Batch, forward.Inputs, forward.Result))
            into.Add(name, value * forward.Examples, forward.Examples);
    }
}
