using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Trainers.Collation;
using Halos.Trainers.Forward;
using Halos.Trainers.Metrics;

namespace Halos.Trainers.Trainers;

/// <summary>
/// Trainer "grouped" (GRPO, RLOO, online DPO): each example is a prompt with K scored completions, pre-sampled in
/// the data (offline) or sampled by the run's rollout stage (online); the policy (and reference) forwards run over
/// all B·K rows. The loss works per completion, so the batch counts B·K rows (each group's example repeated K
/// times), and the loop averages the step's gradient over them.
/// <para>
/// A rollout carries what it measured when sampled: the sampling policy's per-token log-probs (for the ratio of the
/// μ &gt; 1 updates on the same rollout, as <c>OldPolicyPerToken</c>) and the reference's, which are then not
/// recomputed. A completion with a NaN score (skipped by every reward source) is marked in <c>Scored</c> and masked out.
/// </para>
/// </summary>
public sealed class GroupedTrainer : StandardTrainer
{
    protected override StandardTrainer Fresh() => new GroupedTrainer();

    public override string Name => "grouped";

    public override string Description => "Groups of scored completions per prompt (GRPO, RLOO; offline, or sampled online): per-token policy and reference log-probs, rewards";

    public override IReadOnlyCollection<DataKind> Kinds => [DataKind.Grouped];

    public override Batch Collate(IReadOnlyList<Example> examples, DataKind kind, ITokenizer tokenizer, CollateOptions options)
    {
        var sizes = examples.Cast<GroupedExample>().Select(g => g.Completions.Count).Distinct().ToList();
        if (sizes.Count != 1 || sizes[0] < 2)
        {
            var odd = examples.Cast<GroupedExample>().First(g => g.Completions.Count != examples.Cast<GroupedExample>().First().Completions.Count || g.Completions.Count < 2);
            throw new DataFormatException(odd.Id, null,
                $"has {odd.Completions.Count} completions; grouped training needs at least 2 scored completions per prompt, the same number in every group " +
                "(for prompts alone, sample them online: set Generation:NumSamples to K ≥ 2 and Rewards:Sources)");
        }
        var collated = ExampleCollation.Collate(examples, kind, tokenizer, options);
        var perCompletion = examples.SelectMany(e => Enumerable.Repeat(e, sizes[0])).ToList();
        return new Batch(kind, perCompletion, collated.Tensors);
    }

    public override LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss)
    {
        var scores = batch["scores"].reshape(-1).to(modules.Device);
        var scored = scores.isnan().logical_not();
        var policy = ModelForward.LogProbs(modules.Policy, "policy", batch, modules.Device, entropy: true);
        var mask = policy.Mask.logical_and(scored.unsqueeze(1));
        var inputs = CompletionInputs.Of(policy, null) with
        {
            // TRL's GRPO entropy: the policy's next-token entropy, averaged over the completion tokens.
            Diagnostics = new Dictionary<string, Tensor> { [LogitMetricNames.Entropy] = policy.CompletionEntropy(scored)! },
            Mask = mask,
            Rewards = scores.masked_fill(scored.logical_not(), 0),
            Scored = scored,
            GroupSize = batch["scores"].size(1),
        };
        if (batch.Tensors.TryGetValue("old_logps", out var old)) inputs = inputs with { OldPolicyPerToken = old.to(modules.Device) };
        if (batch.Tensors.TryGetValue("ref_logps", out var measured))
        {
            var reference = measured.to(modules.Device);
            return inputs with { ReferencePerToken = reference, Reference = reference.sum(-1) };
        }
        if (!loss.NeedsReference) return inputs;
        var computed = ReferenceLogProbs(batch, modules, loss);
        return inputs with { ReferencePerToken = computed.PerToken, Reference = computed.Sum() };
    }
}
