using Halos.Torch;

namespace Halos.Trainers.PolicyGradient;

/// <summary>
/// Generalized advantage estimation (Schulman et al. 2016, "High-Dimensional Continuous Control Using Generalized
/// Advantage Estimation") over the completion tokens of a batch, as HALOs' PPOTrainer.compute_advantages runs it:
/// with values V and rewards r zeroed outside the mask and V after the last position taken as 0,
///   δ_t = r_t + γ·V_{t+1} − V_t,   A_t = δ_t + γλ·A_{t+1},   R_t = A_t + V_t,
/// both masked. Everything runs under no-grad on the inputs' device, a reverse scan over the T positions in tensor ops.
/// </summary>
public static class GeneralizedAdvantageEstimation
{
    /// <summary>HALOs' default discount γ (config/loss/ppo.yaml: gamma 0.99).</summary>
    public const double DefaultGamma = 0.99;

    /// <summary>HALOs' default GAE λ (config/loss/ppo.yaml: lam 0.95).</summary>
    public const double DefaultLambda = 0.95;

    /// <summary>The ε under the square root when advantages are whitened (HALOs: rsqrt(var + 1e-8)).</summary>
    public const double WhiteningEpsilon = 1e-8;

    /// <summary>
    /// Advantages and returns [B, T] float32 of <paramref name="values"/> [B, T] (read detached), <paramref name="rewards"/>
    /// [B, T] and the completion <paramref name="mask"/> [B, T] (bool). Neither result carries a gradient.
    /// </summary>
    public static (Tensor Advantages, Tensor Returns) Estimate(Tensor values, Tensor rewards, Tensor mask,
        double gamma = DefaultGamma, double lambda = DefaultLambda)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var keep = mask.to(ScalarType.Float32);
        var v = values.detach().to(ScalarType.Float32) * keep;
        var r = rewards.to(ScalarType.Float32) * keep;
        var length = v.size(1);
        var reversed = new Tensor[length];
        var next = torch.zeros([v.size(0)], ScalarType.Float32, v.device);   // V_{T} = 0
        var carried = torch.zeros([v.size(0)], ScalarType.Float32, v.device);  // A_{T} = 0
        for (var t = length - 1; t >= 0; t--)
        {
            var current = v.select(1, t);
            var delta = r.select(1, t) + gamma * next - current;
            carried = delta + gamma * lambda * carried;
            reversed[t] = carried;
            next = current;
        }
        var advantages = torch.stack(reversed, 1) * keep;
        var returns = advantages + v;
        scope.MoveToOuter(advantages, returns);
        return (advantages, returns);
    }

    /// <summary>
    /// (A − mean) / √(var + ε) over the masked entries of the whole batch, 0 outside the mask, as HALOs normalises its
    /// advantages ("normalizing advantages leads to more stable learning"; its masked_var is the biased variance).
    /// </summary>
    public static Tensor Whiten(Tensor advantages, Tensor mask)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var keep = mask.to(ScalarType.Float32);
        var count = keep.sum().clamp_min(1.0);  // an all-masked batch whitens to zeros, not NaN
        var mean = (advantages * keep).sum() / count;
        var centred = advantages - mean;
        var variance = (centred.square() * keep).sum() / count;
        var whitened = centred * (variance + WhiteningEpsilon).rsqrt() * keep;
        scope.MoveToOuter(whitened);
        return whitened;
    }
}
