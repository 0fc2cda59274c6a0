using Halos.Models.Configuration;
using Halos.Torch;

namespace Halos.Models.Layers;

/// <summary>
/// Rotary position embedding (Su et al. 2021, RoFormer), in the "rotate half" layout that
/// Llama, Mistral, Qwen2 and GPT-NeoX checkpoints use: the first and second halves of the
/// rotary dimensions form the pairs. <see cref="RotaryDim"/> may be less than the head size
/// (GPT-NeoX's partial rotary); the remaining dimensions pass through unrotated.
/// </summary>
public sealed class RotaryEmbedding
{
    // Kept on the managed heap: no native memory to free, and a model's dtype or device move
    // cannot touch it (the angles stay float32 as in transformers).
    private readonly float[] _inverseFrequencies;

    public RotaryEmbedding(long rotaryDim, double theta, RopeScaling? scaling = null)
    {
        if (rotaryDim <= 0 || rotaryDim % 2 != 0)
            throw new ArgumentException($"the rotary dimension must be positive and even, got {rotaryDim}");
        RotaryDim = rotaryDim;
        // Computed in float32 with the same ops as transformers, so the angles agree bit for bit.
        using var scope = torch.NewDisposeScope();
        var exponents = torch.arange(0, rotaryDim, 2, ScalarType.Int64).to(ScalarType.Float32) / (double)rotaryDim;
        var inverse = torch.full([rotaryDim / 2], theta).pow(exponents).reciprocal();
        if (scaling is not null) inverse = scaling.Apply(inverse);
        _inverseFrequencies = inverse.data<float>();
    }

    public long RotaryDim { get; }

    /// <summary>cos and sin of the angles for each position, [B, 1, T, rotary_dim], in <paramref name="dtype"/>.</summary>
    public (Tensor cos, Tensor sin) Tables(Tensor positionIds, ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var inverse = torch.tensor(_inverseFrequencies, _inverseFrequencies.Length).to(positionIds.device);
        var angles = positionIds.to(ScalarType.Float32).unsqueeze(-1) * inverse;
        var doubled = torch.cat([angles, angles], -1).unsqueeze(1);
        var cos = doubled.cos().to(dtype);
        var sin = doubled.sin().to(dtype);
        scope.MoveToOuter(cos, sin);
        return (cos, sin);
    }

    /// <summary>Rotates the first rotary_dim features of x [B, heads, T, head_dim].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = torch.NewDisposeScope();
        var rotaryDim = cos.size(-1);
        var headDim = x.size(-1);
        var rotary = rotaryDim == headDim ? x : x.narrow(-1, 0, rotaryDim);
        var half = rotaryDim / 2;
        var rotatedHalf = torch.cat([rotary.narrow(-1, half, half).neg(), rotary.narrow(-1, 0, half)], -1);
        var result = rotary * cos + rotatedHalf * sin;
        if (rotaryDim != headDim) result = torch.cat([result, x.narrow(-1, rotaryDim, headDim - rotaryDim)], -1);
        return scope.MoveToOuter(result);
    }

}
