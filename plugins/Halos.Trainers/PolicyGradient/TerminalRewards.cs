using Halos.Torch;

namespace Halos.Trainers.PolicyGradient;

/// <summary>
/// Token-level rewards for offline PPO on unpaired feedback: each completion earns one scalar reward at its last token
/// and 0 everywhere else. As in HALOs' PPOTrainer.train (ContextualAI/HALOs, train/trainers.py), the score is +1 for a
/// desirable completion ("chosen") and −1 for an undesirable one, added at the last position of the completion mask.
/// </summary>
public static class TerminalRewards
{
    /// <summary>+1 where <paramref name="desirable"/> [B] (bool) is true, −1 where false, as float32 [B].</summary>
    public static Tensor Scores(Tensor desirable)
    {
        using var asFloat = desirable.to(ScalarType.Float32);
        using var doubled = asFloat * 2.0;
        return doubled - 1.0;
    }

    /// <summary>
    /// Rewards [B, T] float32: <paramref name="scores"/> [B] at each row's last position where <paramref name="mask"/>
    /// [B, T] (bool) is true, 0 elsewhere (a row with an empty mask gets no reward). Computed on the mask's device.
    /// </summary>
    public static Tensor AtLastToken(Tensor scores, Tensor mask)
    {
        using var scope = torch.NewDisposeScope();
        var length = mask.size(1);
        var positions = torch.arange(0, length, dtype: ScalarType.Int64, device: mask.device).unsqueeze(0);
        var last = positions.masked_fill(mask.logical_not(), 0).amax(1, keepdim: true);
        var rewards = torch.zeros([mask.size(0), length], ScalarType.Float32, mask.device)
            .scatter(1, last, scores.to(ScalarType.Float32).unsqueeze(1))
            .masked_fill(mask.logical_not(), 0);
        scope.MoveToOuter(rewards);
        return rewards;
    }
}
