using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Torch.NN;
using Halos.Trainers.Forward;

namespace Halos.Trainers.Reference;

/// <summary>
/// <c>Training:LoopOptions:Reference=lora-base</c>: the reference is the policy itself with its LoRA adapters switched off, run
/// under no-grad in eval mode (as <see cref="FrozenReference"/> runs a separate frozen copy), so a LoRA run holds one
/// copy of the base weights. The policy's training mode and adapters are restored afterwards, even on error.
/// </summary>
public sealed class LoraBaseReference(Module policy, IAdapterSwitch adapters, Device device) : IReferenceLogProbs
{
    public CompletionLogProbs LogProbs(Batch batch, string prefix = "")
    {
        var wasTraining = policy.training;
        using var noGrad = torch.no_grad();
        using var off = adapters.DisableAdapters();
        policy.eval();
        try
        {
            return ModelForward.LogProbs(policy, "reference", batch, device, prefix);
        }
        finally
        {
            policy.train(wasTraining);
        }
    }
}
