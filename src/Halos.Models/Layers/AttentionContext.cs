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

    /// <summary>
    /// The mask of the layers that attend within a sliding window, where only some do (Gemma 2's alternate layers,
    /// <see cref="SlidingLayers"/>); null there when plain causal attention is exact. Where every layer slides
    /// (Mistral), <see cref="Mask"/> already holds the window.
    /// </summary>
    public Tensor? SlidingMask { get; init; }

    /// <summary>Per layer, whether it reads <see cref="SlidingMask"/>; null when every layer reads <see cref="Mask"/>.</summary>
    public bool[]? SlidingLayers { get; init; }

    /// <summary>The additive mask layer <paramref name="layer"/> applies (null: plain causal attention is exact).</summary>
    public Tensor? MaskOf(int layer) => SlidingLayers is { } sliding && sliding[layer] ? SlidingMask : Mask;
    public bool Causal { get; init; } = true;
    public KVCache? Cache { get; init; }
    public Tensor? RotaryCos { get; init; }
    public Tensor? RotarySin { get; init; }

    public void Dispose()
    {
        PositionIds?.Dispose();
        Mask?.Dispose();
        SlidingMask?.Dispose();
        RotaryCos?.Dispose();
        RotarySin?.Dispose();
    }
}
