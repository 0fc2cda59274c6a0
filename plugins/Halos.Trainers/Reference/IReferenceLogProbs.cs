using Halos.Abstractions.Training;
using Halos.Trainers.Forward;

namespace Halos.Trainers.Reference;

/// <summary>
/// Where a batch's reference log-probs come from (<c>Training:LoopOptions:Reference</c>): a live forward of the frozen
/// reference module (<see cref="FrozenReference"/>), or log-probs computed once before training and read back from
/// disk (<see cref="PrecomputedReference"/>), or the LoRA policy with its adapters off (<see cref="LoraBaseReference"/>). Losses that declare no reference (SimPO, ORPO) never ask.
/// </summary>
public interface IReferenceLogProbs
{
    /// <summary>
    /// Completion log-probs under the reference of the rows <c>{prefix}input_ids</c> / <c>{prefix}attention_mask</c> /
    /// <c>{prefix}loss_mask</c> of <paramref name="batch"/>, without gradients.
    /// </summary>
    CompletionLogProbs LogProbs(Batch batch, string prefix = "");
}
