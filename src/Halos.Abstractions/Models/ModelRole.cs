namespace Halos.Abstractions.Models;

/// <summary>Which module of a run a model plugin is asked to build.</summary>
public enum ModelRole
{
    /// <summary>The model being trained.</summary>
    Policy,

    /// <summary>The frozen copy the policy is measured against (DPO, KTO, ...): eval mode, no gradients.</summary>
    Reference,

    /// <summary>A model that scores sequences (reward model training, or scoring samples for GRPO).</summary>
    Reward,
}
