using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Trainers.Collation;
using Halos.Trainers.Forward;

namespace Halos.Trainers.Trainers;

/// <summary>
/// Trainer "grouped" (GRPO on scored groups, offline): each example is a prompt with K completions and their scalar
/// rewards; the policy (and reference) forwards run over all B·K rows. The loss works per completion, so the batch
/// counts B·K rows (each group's example repeated K times), and the loop averages the step's gradient over them.
/// </summary>
public sealed class GroupedTrainer : StandardTrainer
{
    public override string Name => "grouped";

    public override string Description => "Groups of scored completions per prompt (GRPO, offline): per-token policy and reference log-probs, rewards";

    public override IReadOnlyCollection<DataKind> Kinds => [DataKind.Grouped];

    public override Batch Collate(IReadOnlyList<Example> examples, DataKind kind, ITokenizer tokenizer, CollateOptions options)
    {
        var sizes = examples.Cast<GroupedExample>().Select(g => g.Completions.Count).Distinct().ToList();
        if (sizes.Count != 1 || sizes[0] < 2)
        {
            var odd = examples.Cast<GroupedExample>().First(g => g.Completions.Count != examples.Cast<GroupedExample>().First().Completions.Count || g.Completions.Count < 2);
            throw new DataFormatException(odd.Id, null,
                $"has {odd.Completions.Count} completions; grouped training needs at least 2 scored completions per prompt, the same number in every group");
        }
        var collated = ExampleCollation.Collate(examples, kind, tokenizer, options);
        var perCompletion = examples.SelectMany(e => Enumerable.Repeat(e, sizes[0])).ToList();
        return new Batch(kind, perCompletion, collated.Tensors);
    }

    public override LossInputs ComputeLossInputs(Batch batch, TrainingModules modules, ILossFunction loss)
    {
        var scores = batch["scores"];
        var policy = ModelForward.LogProbs(modules.Policy, "policy", batch, modules.Device);
        var reference = loss.NeedsReference ? ReferenceLogProbs(batch, modules, loss) : null;
        return CompletionInputs.Of(policy, reference) with
        {
            Rewards = scores.reshape(-1).to(modules.Device),
            GroupSize = scores.size(1),
        };
    }
}
