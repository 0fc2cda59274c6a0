using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
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
/// caller's dispose scope.
/// </summary>
public sealed class MicrobatchForward(RunComponents components, CollateOptions collate, PrecisionPolicy precision)
{
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
                result = components.Loss.Compute(inputs);
            }
            if (result.Losses.numel() != batch.Count)
                throw new InvalidOperationException(
                    $"loss '{components.Loss.Name}' returned {result.Losses.numel()} per-example losses for a microbatch of {batch.Count} examples " +
                    $"(trainer '{components.Trainer.Name}'); the loop scales gradients per example, so they must agree");
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
