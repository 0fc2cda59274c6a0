using Halos.Abstractions.Models;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Trainers.PolicyGradient;

/// <summary>
/// PPO's critic: one linear layer from the policy's final hidden states to a value per position, [B, T, H] → [B, T],
/// as TRL's <c>AutoModelForCausalLMWithValueHead</c> builds it (<c>v_head.summary</c> = Linear(hidden, 1), float32).
/// It reads the hidden states detached, so the critic loss trains the head alone and never the transformer (HALOs'
/// ValueHead detaches them too). TRL's head has a dropout (p = 0.1) before the layer; this one has none, so a step's
/// values are a function of the weights alone.
/// <para>
/// The head lives as the child module <see cref="ChildName"/> of the policy (<see cref="Attach"/>): the optimiser,
/// checkpoints (<c>v_head.summary.weight</c>, <c>v_head.summary.bias</c> in model.safetensors, TRL's names) and resume
/// see it with no change to the loop.
/// </para>
/// </summary>
public sealed class ValueHead : Module<Tensor, Tensor>
{
    /// <summary>The child name under the policy, and so the prefix of the head's tensors in a checkpoint.</summary>
    public const string ChildName = "v_head";

    public ValueHead(long hiddenSize, Device device)
    {
        Summary = RegisterModule("summary", new Linear(hiddenSize, 1, bias: true, ScalarType.Float32, device));
    }

    public Linear Summary { get; }

    /// <summary>The checkpoint folder whose saved head <see cref="Attach"/> loaded, or null for a freshly initialised head.</summary>
    public string? FromCheckpoint { get; private set; }

    /// <summary>Values [B, T] (float32) of final hidden states [B, T, H]; no gradient reaches <paramref name="hidden"/>.</summary>
    public override Tensor forward(Tensor hidden)
    {
        using var detached = hidden.detach();
        using var upcast = detached.to(ScalarType.Float32);
        using var values = Summary.forward(upcast);
        return values.squeeze(-1);
    }

    /// <summary>The head attached to <paramref name="policy"/>, or null.</summary>
    public static ValueHead? Of(Module policy) =>
        policy.named_children().FirstOrDefault(c => c.name == ChildName).module as ValueHead;

    /// <summary>
    /// Attaches a new head to <paramref name="policy"/> (or returns the one already there). When the policy's checkpoint
    /// folder <paramref name="checkpoint"/> saved a head (<c>v_head.summary.*</c>, as a PPO run or TRL's
    /// AutoModelForCausalLMWithValueHead saves it), the head starts from those weights, as TRL's from_pretrained does;
    /// otherwise (no folder, or a plain causal LM) it is initialised as PyTorch's Linear is, U(−1/√H, 1/√H), from
    /// torch's generator seeded with <paramref name="seed"/>, so a run's head depends on its seed alone. The hidden size
    /// comes from one no-grad forward over a single token; a saved head of another size is a
    /// <see cref="ModelSpecException"/> naming the file and the tensor.
    /// </summary>
    public static ValueHead Attach(Module policy, ulong seed, string? checkpoint = null)
    {
        if (Of(policy) is { } existing) return existing;
        if (policy.named_children().Any(c => c.name == ChildName))
            throw new InvalidOperationException($"the policy ({policy.GetType().Name}) already has a child '{ChildName}' that is not a value head");
        var model = policy as IHiddenStateLanguageModel
                    ?? throw new InvalidOperationException(
                        $"PPO's value head reads the policy's final hidden states, and the policy ({policy.GetType().Name}) does not expose them (IHiddenStateLanguageModel)");
        var device = policy.parameters().First().device;
        long hiddenSize;
        using (torch.no_grad())
        using (var scope = torch.NewDisposeScope())
        {
            var ids = torch.zeros([1, 1], ScalarType.Int64, device);
            var attention = torch.ones([1, 1], ScalarType.Int64, device);
            hiddenSize = model.HiddenStates(ids, attention).size(-1);
        }
        // Seeded even when the checkpoint's head replaces these weights, so the generator's state after Attach is the same.
        torch.manual_seed(seed);
        var head = new ValueHead(hiddenSize, device);
        try
        {
            if (checkpoint is not null) head.FromCheckpoint = SavedValueHead.LoadInto(head, checkpoint) ? checkpoint : null;
        }
        catch
        {
            head.Dispose();
            throw;
        }
        return policy.add_module(ChildName, head);
    }
}
