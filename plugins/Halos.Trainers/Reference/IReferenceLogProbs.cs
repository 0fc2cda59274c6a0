using Halos.Abstractions.Training;
using Halos.Trainers.Forward;

namespace Halos.Trainers.Reference;

/// <summary>
/// Where a batch's reference log-probs come from (<c>Training:Reference</c>): a live forward of the frozen
/// reference module (<see cref="FrozenReference"/>), or log-probs computed once before training and read back from
/// disk (<see cref="PrecomputedReference"/>). Losses that declare no reference (SimPO, ORPO) never ask.
/// </summary>
/// <remarks>
/// Extension point for LoRA: a reference that is the policy itself with its adapters switched off (no second copy
/// of the weights in memory) implements this interface by disabling the adapters, running the policy's forward
/// under no-grad, and re-enabling them. LoRA does not exist in the project yet, so neither does that strategy.
/// </remarks>
public interface IReferenceLogProbs
{
    /// <summary>
    /// Completion log-probs under the reference of the rows <c>{prefix}input_ids</c> / <c>{prefix}attention_mask</c> /
    /// <c>{prefix}loss_mask</c> of <paramref name="batch"/>, without gradients.
    /// </summary>
    CompletionLogProbs LogProbs(Batch batch, string prefix = "");
}
