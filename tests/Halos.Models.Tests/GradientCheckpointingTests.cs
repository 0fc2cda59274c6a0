using Halos.Models.Architectures;
using Halos.Models.LogProbs;
using Halos.Torch;

namespace Halos.Models.Tests;

public class GradientCheckpointingTests
{
    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama_gqa")]
    [InlineData("neox_parallel")]
    public void CheckpointedGradientsEqualPlainGradients(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal(name);
        model.train();
        var ids = TinyModels.RandomIds(2, 10);
        var mask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0 }, 2, 10);
        var labels = TokenLogProbs.Labels(ids, mask, [3, 4]);
        Tensor Loss(Tensor hidden) => -TokenLogProbs.FromHidden(hidden, model.LmHeadWeight, labels, 5).sum();

        var plainLoss = model.ForwardBackward(ids, mask, Loss);
        var plain = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        model.zero_grad();
        model.GradientCheckpointing = true;
        var checkpointedLoss = model.ForwardBackward(ids, mask, Loss);
        Assert.Equal(plainLoss, checkpointedLoss, 4);
        foreach (var (n, p) in model.named_parameters())
            Assert.True(TinyModels.MaxAbsDifference(plain[n], p.grad!) < 1e-5, $"{name}: gradient of {n}");
    }

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("qwen2");
        model.GradientCheckpointing = true;
        model.to(ScalarType.Float64);
        var ids = TinyModels.RandomIds(1, 7);
        var targets = ids.narrow(1, 1, 6).reshape(6);
        // Cross-entropy keeps float64 (the log-prob helpers return float32, too coarse for differences).
        Tensor Loss(Tensor hidden) => F.cross_entropy(model.LogitsFromHidden(hidden).narrow(1, 0, 6).reshape(6, TinyModels.Vocab), targets);
        model.ForwardBackward(ids, null, Loss);
        var weight = model.named_parameters().First(p => p.name == "model.layers.0.self_attn.k_proj.weight").parameter;
        var analytic = weight.grad!.data<double>();
        double LossValue()
        {
            using var noGrad = torch.no_grad();
            using var inner = torch.NewDisposeScope();
            return Loss(model.HiddenStates(ids)).item<double>();
        }
        const double h = 1e-6;
        foreach (var index in new long[] { 0, 37, 250, 511 })
        {
            var element = weight.view(-1).narrow(0, index, 1);
            using (torch.no_grad()) element.add_(h);
            var up = LossValue();
            using (torch.no_grad()) element.add_(-2 * h);
            var down = LossValue();
            using (torch.no_grad()) element.add_(h);
            Assert.Equal((up - down) / (2 * h), analytic[index], 5);
        }
    }

    [Fact]
    public void ClassifierCheckpointingMatchesPlain()
    {
        using var scope = torch.NewDisposeScope();
        using var model = (DecoderSequenceClassifier)TinyModels.Create("llama_seqcls");
        var ids = TinyModels.RandomIds(2, 6);
        Tensor Loss(Tensor scores) => -F.logsigmoid(scores.select(0, 0) - scores.select(0, 1)).sum();
        model.ForwardBackward(ids, null, Loss);
        var plain = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        model.zero_grad();
        model.GradientCheckpointing = true;
        model.ForwardBackward(ids, null, Loss);
        foreach (var (n, p) in model.named_parameters())
            Assert.True(TinyModels.MaxAbsDifference(plain[n], p.grad!) < 1e-5, n);
    }

    [Theory]
    [InlineData(false, 1L)]
    [InlineData(false, 4L)]
    [InlineData(true, 3L)]
    public void ChunkedLogProbBackwardEqualsTheNaiveGradient(bool checkpoint, long chunk)
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("llama3_scaled");
        var ids = TinyModels.RandomIds(2, 9);
        var mask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }, 2, 9);
        var labels = TokenLogProbs.Labels(ids, mask, [3, 2]);
        // A DPO-shaped loss: row 0 against row 1.
        Tensor Loss(Tensor perToken)
        {
            var sums = perToken.sum(-1);
            return -F.logsigmoid(0.1 * (sums.select(0, 0) - sums.select(0, 1)));
        }

        var naiveLoss = Loss(TokenLogProbs.FromLogits(model.forward(ids, mask), labels));
        naiveLoss.backward();
        var naive = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        model.zero_grad();

        model.GradientCheckpointing = checkpoint;
        var loss = model.ForwardBackwardLogProbs(ids, mask, labels, Loss, chunk);
        Assert.Equal(naiveLoss.item<float>(), loss, 5);
        foreach (var (n, p) in model.named_parameters())
            Assert.True(TinyModels.MaxAbsDifference(naive[n], p.grad!) < 1e-5, $"gradient of {n}");
    }
}
