using Halos.Abstractions.Losses;
using Halos.Torch;

namespace Halos.Training.Metrics;

/// <summary>
/// The standard metrics of one microbatch, read from what the trainer and the loss produced: the loss, the
/// implicit rewards (chosen, rejected, margins, and accuracy counted strictly, r⁺ &gt; r⁻, so a tie is wrong),
/// the policy log-probs, and every metric the loss script reported (e.g. KTO's <c>kl</c>).
/// </summary>
public static class LossMetrics
{
    public static void Collect(LossInputs inputs, LossResult result, MetricAccumulator into)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var examples = result.Losses.numel();
        AddValues(into, MetricNames.Loss, result.Losses);

        var chosen = result.ChosenRewards;
        var rejected = result.RejectedRewards;
        if (chosen is not null) AddValues(into, MetricNames.RewardsChosen, chosen);
        if (rejected is not null) AddValues(into, MetricNames.RewardsRejected, rejected);
        // Rewards pair up only when the data does: a paired microbatch gives the i-th chosen and i-th rejected
        // reward of one prompt. Unpaired data (KTO's desirable flags) gives rewards of unrelated examples, even
        // when a microbatch happens to hold as many of each; their margin is the difference of the means, see Finish.
        var paired = inputs.Desirable is null && chosen is not null && rejected is not null
                     && chosen.numel() == rejected.numel() && chosen.numel() > 0;
        if (paired)
        {
            AddValues(into, MetricNames.RewardsMargins, chosen! - rejected!);
            AddValues(into, MetricNames.RewardsAccuracies, (chosen! > rejected!).to(ScalarType.Float64));
        }

        if (inputs.PolicyChosen is { } pc) AddValues(into, MetricNames.LogpsChosen, pc);
        if (inputs.PolicyRejected is { } pr) AddValues(into, MetricNames.LogpsRejected, pr);
        if (inputs.Policy is { } policy && inputs.Desirable is { } desirable)
        {
            AddValues(into, MetricNames.LogpsChosen, policy.detach().masked_select(desirable));
            AddValues(into, MetricNames.LogpsRejected, policy.detach().masked_select(!desirable));
        }

        foreach (var (name, values) in inputs.Diagnostics ?? NoDiagnostics) AddValues(into, name, values);

        foreach (var (name, value) in result.Metrics)
        {
            // A scalar describes the whole microbatch, so it weighs as many examples as the microbatch has.
            if (value.numel() == 1) into.Add(name, Scalar(value) * examples, examples);
            else AddValues(into, name, value);
        }
    }

    /// <summary>
    /// Derived metrics that need the totals of a whole step or interval: for unpaired rewards (no per-pair
    /// margins) the margin is mean chosen reward minus mean rejected reward, as TRL's KTO trainer logs it.
    /// </summary>
    public static SortedDictionary<string, double> Finish(MetricAccumulator accumulator)
    {
        var means = accumulator.Means();
        SpreadStatistics.Finish(means, accumulator.Totals());
        if (!means.ContainsKey(MetricNames.RewardsMargins)
            && means.TryGetValue(MetricNames.RewardsChosen, out var c) && means.TryGetValue(MetricNames.RewardsRejected, out var r))
            means[MetricNames.RewardsMargins] = c - r;
        return means;
    }

    private static readonly Dictionary<string, Tensor> NoDiagnostics = [];

    private static void AddValues(MetricAccumulator into, string name, Tensor values)
    {
        var n = values.numel();
        if (n == 0) return;
        into.Add(name, Scalar(values.detach().to(ScalarType.Float64).sum()), n);
    }

    /// <summary>A one-element tensor (any dtype or device) as a double.</summary>
    public static double Scalar(Tensor value)
    {
        using var scope = torch.NewDisposeScope();
        return value.detach().to(ScalarType.Float64).item<double>();
    }
}
