using Halos.Models.LogProbs;
using Halos.Torch;

namespace Halos.Models.Tests;

public class LogProbsTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(3L)]
    [InlineData(1000L)]
    public void ChunkedEqualsNaive(long chunk)
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("llama_gqa");
        var (ids, mask, labels) = PaddedRows();
        using var noGrad = torch.no_grad();
        var naive = TokenLogProbs.FromLogits(model.forward(ids, mask), labels);
        var chunked = TokenLogProbs.FromHidden(model.HiddenStates(ids, mask), model.LmHeadWeight, labels, chunk);
        Assert.True(TinyModels.MaxAbsDifference(naive, chunked) < 1e-5);
        // Masked positions are exactly zero and labelled ones are proper log-probs.
        var values = chunked.data<float>();
        var keep = labels.narrow(1, 1, 9).ne(-100).data<bool>();
        Assert.Equal(6 + 4 + 0, keep.Count(k => k));  // positions 4..9, 2..5, none
        for (var i = 0; i < values.Length; i++)
            if (keep[i]) Assert.InRange(values[i], -20f, -1e-6f);
            else Assert.Equal(0f, values[i]);
    }

    [Fact]
    public void ChunkedGradientEqualsNaiveGradient()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("gpt2");
        var ids = TinyModels.RandomIds(2, 8);
        var labels = TokenLogProbs.Labels(ids, null, [3, 1]);
        var naive = TokenLogProbs.FromLogits(model.forward(ids), labels).sum();
        naive.backward();
        var naiveGrad = model.LmHeadWeight.grad!.clone();
        model.zero_grad();
        var chunked = TokenLogProbs.FromHidden(model.HiddenStates(ids), model.LmHeadWeight, labels, 4).sum();
        chunked.backward();
        Assert.True(Math.Abs(naive.item<float>() - chunked.item<float>()) < 1e-4);
        Assert.True(TinyModels.MaxAbsDifference(naiveGrad, model.LmHeadWeight.grad!) < 1e-5);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(4L)]
    [InlineData(1000L)]
    public void FromHiddenEqualsANaiveLogSoftmaxGatherInValueAndGradient(long chunk)
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("llama_gqa");
        var (ids, mask, labels) = PaddedRows();
        Tensor states;
        using (torch.no_grad()) states = model.HiddenStates(ids, mask);
        torch.manual_seed(5);
        var upstream = torch.randn([3, 9]);

        // The reference written out in full: [B, T-1, V] logits, log-softmax, the label of the next position, 0 where ignored.
        var (naiveHidden, naiveHead) = (states.clone().requires_grad_(), model.LmHeadWeight.detach().clone().requires_grad_());
        var targets = labels.narrow(1, 1, 9);
        var ignored = targets.eq(TokenLogProbs.IgnoreIndex);
        var naive = F.log_softmax(F.linear(naiveHidden.narrow(1, 0, 9), naiveHead), -1)
            .gather(2, targets.masked_fill(ignored, 0).unsqueeze(-1)).squeeze(-1).masked_fill(ignored, 0);
        (naive * upstream).sum().backward();

        var (hidden, head) = (states.clone().requires_grad_(), model.LmHeadWeight.detach().clone().requires_grad_());
        var chunked = TokenLogProbs.FromHidden(hidden, head, labels, chunk);
        (chunked * upstream).sum().backward();

        Assert.Equal(ScalarType.Float32, chunked.dtype);
        Assert.Equal([3L, 9], chunked.shape);
        Assert.True(TinyModels.MaxAbsDifference(naive, chunked) < 1e-5);
        Assert.True(TinyModels.MaxAbsDifference(naiveHidden.grad!, hidden.grad!) < 1e-5, "gradient of the hidden states");
        Assert.True(TinyModels.MaxAbsDifference(naiveHead.grad!, head.grad!) < 1e-5, "gradient of the head");
        Assert.True(head.grad!.abs().sum().item<float>() > 0);
        // No gradient reaches an unlabelled position: all of row 2 (prompt of 9), and the last position of every row.
        Assert.Equal(0f, hidden.grad!.select(0, 2).abs().sum().item<float>());
        Assert.Equal(0f, hidden.grad!.select(1, 9).abs().sum().item<float>());
    }

    [Fact]
    public void FromHiddenWithNoLabelledTokenIsZeroAndDifferentiable()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        var hidden = torch.randn([2, 4, 8]).requires_grad_();
        var head = torch.randn([5, 8]).requires_grad_();
        var labels = torch.tensor(Enumerable.Repeat(TokenLogProbs.IgnoreIndex, 8).ToArray(), 2, 4);
        var perToken = TokenLogProbs.FromHidden(hidden, head, labels, 3);
        Assert.Equal([2L, 3], perToken.shape);
        Assert.Equal(0f, perToken.abs().sum().item<float>());
        perToken.sum().backward();
        Assert.Equal(0f, hidden.grad!.abs().sum().item<float>());
        Assert.Equal(0f, head.grad!.abs().sum().item<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenLogProbs.FromHidden(hidden, head, labels, 0));
    }

    [Fact]
    public void LogProbOfAKnownDistributionIsExact()
    {
        using var scope = torch.NewDisposeScope();
        // One row, vocabulary 3: logits [0, ln 2, ln 5] give p = [1/8, 2/8, 5/8].
        var logits = torch.tensor(new[] { 0f, MathF.Log(2), MathF.Log(5), 0, 0, 0 }, 1, 2, 3);
        var labels = torch.tensor(new long[] { -100, 2 }, 1, 2);
        var perToken = TokenLogProbs.FromLogits(logits, labels);
        Assert.Equal(Math.Log(5.0 / 8), perToken.item<float>(), 5);
        var hidden = torch.tensor(new[] { 1f, 0f, 0f, 1f }, 1, 2, 2);
        var head = torch.tensor(new[] { 0f, 0f, MathF.Log(2), 0f, MathF.Log(5), 0f }, 3, 2);
        Assert.Equal(Math.Log(5.0 / 8), TokenLogProbs.FromHidden(hidden, head, labels).item<float>(), 5);
        using var totals = SequenceLogProbs.From(perToken, labels);
        Assert.Equal(1L, totals.Count.item<long>());
    }

    [Fact]
    public void LabelsMaskThePromptAndThePadding()
    {
        using var scope = torch.NewDisposeScope();
        var ids = torch.tensor(new long[] { 10, 11, 12, 13, 20, 21, 0, 0 }, 2, 4);
        var mask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 1, 0, 0 }, 2, 4);
        Assert.Equal([-100L, -100, 12, 13, -100, 21, -100, -100], TokenLogProbs.Labels(ids, mask, [2, 1]).data<long>());
        Assert.Throws<ArgumentException>(() => TokenLogProbs.FromLogits(torch.zeros(2, 4, 5), torch.zeros([2, 3], ScalarType.Int64)));
    }

    /// <summary>Three rows of 10: prompts of 4, 2 and 9 tokens, row 1 right-padded by 4 and row 2 by 1 (6 + 4 + 0 labelled positions).</summary>
    private static (Tensor Ids, Tensor Mask, Tensor Labels) PaddedRows()
    {
        var ids = TinyModels.RandomIds(3, 10);
        var mask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 }, 3, 10);
        return (ids, mask, TokenLogProbs.Labels(ids, mask, [4, 2, 9]));
    }
}
