using Halos.Abstractions.Losses;
using Halos.Losses.Inputs;
using Halos.Losses.Scripting;
using Halos.Torch;

namespace Halos.Losses.Configuration;

/// <summary>One script of a <see cref="WeightedLoss"/> and its weight.</summary>
public sealed record WeightedTerm(LossScript Script, double Weight);

/// <summary>
/// Σ wᵢ·lossᵢ per example, declared in configuration with no new script (e.g. MPO:
/// 0.8·dpo + 0.2·bco_pair + 1.0·sft). All terms consume one kind of data; SFT terms may join a
/// paired combination and then train on the chosen completions. Rewards come from the first
/// term that reports them; each term's mean loss and metrics are reported under its name.
/// </summary>
public sealed class WeightedLoss : ILossFunction
{
    public WeightedLoss(IReadOnlyList<WeightedTerm> terms)
    {
        if (terms.Count == 0) throw new LossConfigurationException("a loss combination needs at least one term");
        Terms = terms;
        var kinds = terms.Select(t => t.Script.Kind).Where(k => k != DataKind.Sft).Distinct().ToList();
        if (kinds.Count > 1)
            throw new LossConfigurationException(
                "the terms of a loss combination must consume the same kind of data; got " +
                string.Join(", ", terms.Select(t => $"{t.Script.ScriptPath} ({t.Script.Kind})")));
        Kind = kinds.Count == 0 ? DataKind.Sft : kinds[0];
        if (Kind is not (DataKind.Sft or DataKind.Paired) && terms.Any(t => t.Script.Kind == DataKind.Sft))
            throw new LossConfigurationException(
                $"an sft term can join only a paired or sft combination (it trains on the chosen completions); this one consumes {Kind} data");
        var duplicate = terms.GroupBy(t => t.Script.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new LossConfigurationException($"the loss combination names {duplicate.Key} twice; give each script once, with one weight");
    }

    public IReadOnlyList<WeightedTerm> Terms { get; }
    public string Name => string.Join(" + ", Terms.Select(t => $"{t.Weight}·{t.Script.Name}"));
    public DataKind Kind { get; }
    public bool NeedsReference => Terms.Any(t => t.Script.NeedsReference);

    public IReadOnlyCollection<string> Inputs => Terms
        .SelectMany(t => t.Script.Kind == DataKind.Sft && Kind == DataKind.Paired
            ? t.Script.Inputs.Select(ChosenAsCompletion.PairedName)
            : t.Script.Inputs)
        .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Each term's running statistics, named "script/statistic" as its metrics are.</summary>
    public IReadOnlyDictionary<string, RunningMeanState> State =>
        Terms.SelectMany(t => t.Script.State.Select(s => (Name: $"{t.Script.Name}/{s.Key}", s.Value)))
            .ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);

    public void RestoreState(IReadOnlyDictionary<string, RunningMeanState> state)
    {
        var unknown = state.Keys.Where(k => !Terms.Any(t => k.StartsWith(t.Script.Name + "/", StringComparison.Ordinal))).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException($"loss '{Name}' has no term for the saved running state {string.Join(", ", unknown)}");
        foreach (var (script, _) in Terms)
        {
            var prefix = script.Name + "/";
            script.RestoreState(state.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(e => e.Key[prefix.Length..], e => e.Value, StringComparer.Ordinal));
        }
    }

    public LossResult Compute(LossInputs inputs)
    {
        using var scope = torch.NewDisposeScope();
        Tensor? total = null, chosen = null, rejected = null;
        var metrics = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (script, weight) in Terms)
        {
            var termInputs = script.Kind == DataKind.Sft && Kind == DataKind.Paired ? ChosenAsCompletion.From(inputs) : inputs;
            var r = script.Compute(termInputs);
            total = total is null ? weight * r.Losses : total + weight * r.Losses;
            chosen ??= r.ChosenRewards;
            rejected ??= r.RejectedRewards;
            metrics[$"{script.Name}/loss"] = r.Losses.detach().mean();
            foreach (var (k, v) in r.Metrics) metrics[$"{script.Name}/{k}"] = v;
        }
        return LossResultOwnership.MoveOut(scope, new LossResult(total!, chosen, rejected, metrics), inputs, InputCatalog.Fields);
    }
}
