using Halos.Training.Metrics;

namespace Halos.Training.Loop;

/// <summary>
/// What one optimiser step's forward and backward passes produced: this rank's metrics, the gradient norm before
/// clipping, and the step's examples and tokens over all ranks; or, when <see cref="SkipReason"/> is set, why its
/// update must not be applied. <see cref="StopRequested"/> is true on every rank when any rank was asked to stop.
/// </summary>
public sealed record StepOutcome(MetricAccumulator Metrics, double GradNorm, int Examples, long Tokens, string? SkipReason, bool StopRequested = false)
{
    public bool Skipped => SkipReason is not null;
}
