using Halos.Training.Metrics;

namespace Halos.Training.Loop;

/// <summary>
/// What one optimiser step's forward and backward passes produced: its metrics, the gradient norm before
/// clipping, and its size; or, when <see cref="SkipReason"/> is set, why its update must not be applied.
/// </summary>
public sealed record StepOutcome(MetricAccumulator Metrics, double GradNorm, int Examples, long Tokens, string? SkipReason)
{
    public bool Skipped => SkipReason is not null;
}
