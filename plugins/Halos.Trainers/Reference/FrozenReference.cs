using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Torch.NN;
using Halos.Trainers.Forward;

namespace Halos.Trainers.Reference;

/// <summary>
/// The reference as a frozen module: the model plugin's <c>Reference</c> build (from <c>Model:ReferenceCheckpoint</c>,
/// or a second copy of the policy's starting point), run under no-grad on every batch.
/// </summary>
public sealed class FrozenReference(Module reference, Device device) : IReferenceLogProbs
{
    public CompletionLogProbs LogProbs(Batch batch, string prefix = "")
    {
        using var noGrad = torch.no_grad();
        return ModelForward.LogProbs(reference, "reference", batch, device, prefix);
    }
}
