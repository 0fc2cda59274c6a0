using Halos.Abstractions.Data;
using Halos.Torch;
using Halos.Torch.Optim;
using Halos.Training.Metrics;

namespace Halos.Training.Loop;

/// <summary>
/// The forward and backward passes of one optimiser step over its microbatches (gradient accumulation), and
/// the clipping that follows. Each microbatch backpropagates (sum of its per-example losses) / (examples in the
/// whole step), so the accumulated gradient is that of the mean loss over the step's examples, exactly as one
/// big batch would give, even when microbatches differ in size. The optimiser update itself is the caller's.
/// </summary>
public sealed class GradientStep(MicrobatchForward forward, Optimizer optimizer, IReadOnlyList<Tensor> parameters, double maxGradNorm)
{
    public StepOutcome Run(IReadOnlyList<IReadOnlyList<Example>> microbatches)
    {
        optimizer.zero_grad();
        var examples = microbatches.Sum(m => m.Count);
        var metrics = new MetricAccumulator();
        long tokens = 0;
        for (var i = 0; i < microbatches.Count; i++)
        {
            using var scope = torch.NewDisposeScope();
            using var pass = forward.Run(microbatches[i]);
            tokens += pass.Tokens;
            var lossSum = pass.Result.Losses.sum();
            var value = LossMetrics.Scalar(lossSum);
            if (!double.IsFinite(value))
            {
                optimizer.zero_grad();
                return new StepOutcome(metrics, double.NaN, examples, tokens,
                    $"the loss is {Describe(value)} (microbatch {i + 1} of {microbatches.Count})");
            }
            (lossSum / examples).backward();
            forward.CollectMetrics(pass, metrics);
        }

        // Clipping returns the norm before clipping: that is the grad_norm worth logging. With clipping off the
        // norm is still measured, by "clipping" to infinity.
        var norm = GradientClipping.clip_grad_norm_(parameters, maxGradNorm > 0 ? maxGradNorm : double.PositiveInfinity);
        if (!double.IsFinite(norm))
        {
            optimizer.zero_grad();
            return new StepOutcome(metrics, norm, examples, tokens, $"the gradient norm is {Describe(norm)} although the loss is finite");
        }
        return new StepOutcome(metrics, norm, examples, tokens, null);
    }

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";
}
