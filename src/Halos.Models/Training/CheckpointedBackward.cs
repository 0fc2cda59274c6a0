using Halos.Models.Architectures;
using Halos.Torch;

namespace Halos.Models.Training;

/// <summary>
/// One forward and backward pass of a decoder whose loss is a function of its final hidden
/// states, optionally with gradient checkpointing per block (Chen et al. 2016): the forward
/// keeps only each block's input, and the backward recomputes one block at a time, propagating
/// the gradient block by block with backward(gradient). Activation memory then grows with one
/// block instead of all of them, for about one extra forward of compute.
/// </summary>
/// <remarks>
/// Recomputed blocks draw fresh dropout masks; with dropout off (the default for preference
/// training) the gradients equal those of the plain pass.
/// </remarks>
public static class CheckpointedBackward
{
    /// <summary>A head that differentiates a scalar loss of the final hidden states.</summary>
    public static Func<Tensor, double> Loss(Func<Tensor, Tensor> lossOfHidden) => hidden =>
    {
        var loss = lossOfHidden(hidden);
        loss.backward();
        return loss.item<float>();
    };

    /// <summary>
    /// Runs the body, then <paramref name="backwardHead"/> on the final hidden states: it must
    /// call backward itself (so it may do so in pieces) and return the loss value. Gradients
    /// accumulate into the parameters.
    /// </summary>
    public static double Run(DecoderStack body, Tensor inputIds, Tensor? attentionMask, Func<Tensor, double> backwardHead, bool checkpoint)
    {
        if (!checkpoint)
        {
            using var scope = torch.NewDisposeScope();
            return backwardHead(body.forward(inputIds, attentionMask));
        }

        using var context = body.Prepare(inputIds, attentionMask, null, null);
        var inputs = new Tensor[body.LayerCount + 1];
        try
        {
            using (torch.no_grad())
            {
                inputs[0] = DisposeScope.Detach(body.Embed(inputIds, context.PositionIds!));
                for (var layer = 0; layer < body.LayerCount; layer++)
                {
                    using var scope = torch.NewDisposeScope();
                    inputs[layer + 1] = DisposeScope.Detach(body.Block(layer, inputs[layer], context));
                }
            }

            double lossValue;
            Tensor gradient;
            using (var scope = torch.NewDisposeScope())
            {
                var last = inputs[^1].detach().requires_grad_();
                lossValue = backwardHead(body.FinalNorm(last));
                // A loss that ignores the hidden states (no labelled token at all) leaves no gradient: zeros then.
                gradient = DisposeScope.Detach(last.grad ?? torch.zeros_like(last));
            }

            for (var layer = body.LayerCount - 1; layer >= 0; layer--)
            {
                using var scope = torch.NewDisposeScope();
                var input = inputs[layer].detach().requires_grad_();
                var output = body.Block(layer, input, context);
                output.backward(gradient);
                gradient.Dispose();
                gradient = DisposeScope.Detach(input.grad!);
            }

            using (torch.NewDisposeScope())
            {
                var embedded = body.Embed(inputIds, context.PositionIds!);
                if (embedded.requires_grad) embedded.backward(gradient);
            }
            gradient.Dispose();
            return lossValue;
        }
        finally
        {
            foreach (var t in inputs) t?.Dispose();
        }
    }
}
