using Halos.Models.Layers;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Architectures;

/// <summary>
/// The body of a decoder-only transformer: token (and maybe position) embeddings, a stack of
/// blocks and a final norm, giving hidden states [B, T, H]. Each architecture supplies the three
/// pieces; this class runs them, so padding masks, positions, rotary tables, the KV cache and
/// gradient checkpointing are handled once for all of them.
/// </summary>
public abstract class DecoderStack : Module
{
    public abstract int LayerCount { get; }

    public abstract long HiddenSize { get; }

    /// <summary>The token embedding table [V, H]; tied language-model heads reuse it.</summary>
    public abstract Tensor TokenEmbeddingWeight { get; }

    /// <summary>Null for architectures with learned absolute positions (GPT-2).</summary>
    protected virtual RotaryEmbedding? Rotary => null;

    /// <summary>Mistral-style sliding-window attention span, when the config enables one.</summary>
    protected virtual long? SlidingWindow => null;

    /// <summary>Whether layer <paramref name="layer"/> attends within <see cref="SlidingWindow"/> (every layer by
    /// default; Gemma 2 alternates sliding and global layers).</summary>
    protected virtual bool SlidesAt(int layer) => true;

    public abstract Tensor Embed(Tensor inputIds, Tensor positionIds);

    public abstract Tensor Block(int layer, Tensor hidden, AttentionContext context);

    public abstract Tensor FinalNorm(Tensor hidden);

    public ScalarType dtype => TokenEmbeddingWeight.dtype;

    /// <summary>
    /// The per-forward state. Positions default to past_length + 0..T-1 on every row, as
    /// transformers does when none are given; left-padded generation passes its own.
    /// </summary>
    public AttentionContext Prepare(Tensor inputIds, Tensor? attentionMask, Tensor? positionIds, KVCache? cache)
    {
        if (inputIds.dim() != 2) throw new ArgumentException($"input_ids must be [batch, tokens], got [{string.Join(", ", inputIds.shape)}]");
        var (batch, length) = (inputIds.size(0), inputIds.size(1));
        var past = cache?.Length ?? 0;
        var device = inputIds.device;
        Tensor positions;
        if (positionIds is not null)
        {
            if (!positionIds.shape.SequenceEqual(inputIds.shape))
                throw new ArgumentException($"position_ids [{string.Join(", ", positionIds.shape)}] must match input_ids [{batch}, {length}]");
            positions = positionIds.to(ScalarType.Int64, copy: true);
        }
        else
        {
            using var range = torch.arange(past, past + length, device: device);
            using var row = range.unsqueeze(0);
            using var expanded = row.expand(batch, length);
            positions = expanded.contiguous();
        }
        DisposeScope.Detach(positions);

        var sliding = SlidingWindow is null ? null : Enumerable.Range(0, LayerCount).Select(SlidesAt).ToArray();
        // One mask serves every layer unless the window applies to some layers only; then each kind gets its own.
        var mixed = sliding is not null && sliding.Distinct().Count() > 1;
        var window = sliding is not null && sliding.All(s => s) ? SlidingWindow : null;
        var mask = AttentionMask.Build(attentionMask, length, past, causal: true, window, dtype, device);
        if (mask is not null) DisposeScope.Detach(mask);
        var slidingMask = mixed ? AttentionMask.Build(attentionMask, length, past, causal: true, SlidingWindow, dtype, device) : null;
        if (slidingMask is not null) DisposeScope.Detach(slidingMask);
        Tensor? cos = null, sin = null;
        if (Rotary is { } rotary)
        {
            (cos, sin) = rotary.Tables(positions, dtype);
            DisposeScope.Detach(cos);
            DisposeScope.Detach(sin);
        }
        return new AttentionContext
        {
            PositionIds = positions, Mask = mask, SlidingMask = slidingMask, SlidingLayers = mixed ? sliding : null,
            Cache = cache, RotaryCos = cos, RotarySin = sin,
        };
    }

    /// <summary>Final hidden states [B, T, H] (after the final norm).</summary>
    public Tensor forward(Tensor inputIds, Tensor? attentionMask = null, Tensor? positionIds = null, KVCache? cache = null)
    {
        using var context = Prepare(inputIds, attentionMask, positionIds, cache);
        var hidden = Embed(inputIds, context.PositionIds!);
        for (var layer = 0; layer < LayerCount; layer++)
        {
            Tensor next;
            using (var scope = torch.NewDisposeScope())
            {
                next = scope.MoveToOuter(Block(layer, hidden, context));
            }
            // The autograd graph keeps what backward needs; the handle itself can go now.
            hidden.Dispose();
            hidden = next;
        }
        var normed = FinalNorm(hidden);
        hidden.Dispose();
        return normed;
    }

    /// <summary>Dropout that costs nothing when off: the default for preference training.</summary>
    protected Tensor Dropout(Tensor x, double p) => p > 0 && training ? F.dropout(x, p, true) : x;
}
