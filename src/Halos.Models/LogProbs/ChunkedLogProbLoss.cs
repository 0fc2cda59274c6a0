using Halos.Torch;

namespace Halos.Models.LogProbs;

/// <summary>
/// Backward through a loss of per-token log-probs without ever holding the [positions, V]
/// float32 logits at once, in training as in inference. <see cref="TokenLogProbs.FromHidden"/>
/// alone bounds the forward, but autograd would keep every chunk's logits for backward; here
/// the log-probs are first computed without a graph, the loss is differentiated with respect to
/// them, and each chunk is then recomputed with a graph and back-propagated on its own
/// (Rabe and Staats' chunking idea applied to the LM head). Peak memory is one chunk's logits.
/// </summary>
public static class ChunkedLogProbLoss
{
    /// <summary>
    /// Accumulates gradients into <paramref name="hidden"/>'s graph (and the head weight) for
    /// loss = <paramref name="lossOfLogProbs"/>(per-token log-probs [B, T-1]); returns the loss.
    /// </summary>
    public static double Backward(Tensor hidden, Tensor headWeight, Tensor labels, Func<Tensor, Tensor> lossOfLogProbs, long? chunkPositions = null)
    {
        var (batch, length) = (hidden.size(0), hidden.size(1));
        var chunk = chunkPositions ?? TokenLogProbs.DefaultChunkPositions(headWeight.size(0));
        using var scope = torch.NewDisposeScope();

        Tensor perToken;
        using (torch.no_grad()) perToken = TokenLogProbs.FromHidden(hidden, headWeight, labels, chunk);
        perToken.requires_grad_();
        var loss = lossOfLogProbs(perToken);
        loss.backward();
        var lossValue = loss.item<float>();
        var upstream = perToken.grad ?? throw new InvalidOperationException("the loss does not depend on the log-probs");

        var rows = batch * (length - 1);
        var flatHidden = hidden.narrow(1, 0, length - 1).reshape(rows, hidden.size(2));
        var flatTargets = labels.narrow(1, 1, length - 1).reshape(rows);
        var flatUpstream = upstream.reshape(rows);
        var keep = flatTargets.ne(TokenLogProbs.IgnoreIndex).to(Device.CPU).data<bool>();
        var labelled = Enumerable.Range(0, keep.Length).Where(i => keep[i]).Select(i => (long)i).ToArray();
        for (long start = 0; start < labelled.Length; start += chunk)
        {
            using var chunkScope = torch.NewDisposeScope();
            var count = Math.Min(chunk, labelled.Length - start);
            var index = torch.tensor(labelled.AsSpan((int)start, (int)count).ToArray(), count).to(hidden.device);
            var logits = F.linear(flatHidden.index_select(0, index), headWeight).to(ScalarType.Float32);
            var picked = logits.gather(1, flatTargets.index_select(0, index).unsqueeze(1)).squeeze(1);
            var logProbs = picked - logits.logsumexp(-1);
            // Every chunk shares the graph below the hidden states, so it must survive until the last.
            var last = start + chunk >= labelled.Length;
            logProbs.backward(flatUpstream.index_select(0, index), retain_graph: !last);
        }
        return lossValue;
    }
}
