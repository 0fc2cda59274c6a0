using Halos.Torch;

namespace Halos.Models.Layers;

/// <summary>
/// What every block of one forward pass shares: the additive mask (null when plain causal
/// attention is exact), the position ids, the rotary tables and the KV cache. Built once per
/// forward by <see cref="Halos.Models.Architectures.DecoderStack"/>, disposed after it.
/// </summary>
public sealed class AttentionContext : IDisposable
{
    /// <summary>[B, T]; null for encoders, whose positions are their own business.</summary>
    public Tensor? PositionIds { get; init; }
    public Tensor? Mask { get; init; }
    public bool Causal { get; init; } = true;
    public KVCache? Cache { get; init; }
    public Tensor? RotaryCos { get; init; }
    public Tensor? RotarySin { get; init; }

    public void Dispose()
    {
        PositionIds?.Dispose();
        Mask?.Dispose();
        RotaryCos?.Dispose();
        RotarySin?.Dispose();
    }
}
