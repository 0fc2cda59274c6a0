using Halos.Torch;

namespace Halos.Trainers.Metrics;

/// <summary>The <c>logits/chosen</c> and <c>logits/rejected</c> diagnostics of a batch, from each side's per-token mean logits.</summary>
public static class LogitDiagnostics
{
    /// <param name="chosen">The chosen side's mean logit at each completion token [M], or null when the model did not report them.</param>
    public static IReadOnlyDictionary<string, Tensor>? Of(Tensor? chosen, Tensor? rejected)
    {
        if (chosen is null || rejected is null) return null;
        return new Dictionary<string, Tensor> { [LogitMetricNames.Chosen] = chosen, [LogitMetricNames.Rejected] = rejected };
    }
}
