using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.LogProbs;
using Halos.Torch;

namespace Halos.Models.Tests;

/// <summary>
/// Parity with Hugging Face transformers on the tiny checkpoints in ../shared/fixtures/hf-tiny:
/// our load of the same files must reproduce transformers' logits, per-token and summed
/// log-probs, greedy next tokens and classifier scores.
/// </summary>
public class HfParityTests
{
    private const double Tolerance = 1e-4;

    [SkippableTheory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    [InlineData("neox")]
    [InlineData("qwen2")]
    public void CausalLmMatchesTransformers(string name) => AssertCausalLmParity(SharedFixtures.Folder(name), name);

    /// <summary>transformers v4.45.1's Gemma 2 (soft caps, sliding window 4 on even layers) and Phi-3 (fused projections).</summary>
    [SkippableTheory]
    [InlineData("gemma2")]
    [InlineData("phi3")]
    public void NewerCausalLmMatchesTransformers(string name) => AssertCausalLmParity(SharedFixtures.NextFolder(name), name);

    private static void AssertCausalLmParity(string folder, string name)
    {
        var reference = new ReferenceOutputs(folder);
        using var scope = torch.NewDisposeScope();
        using var model = (CausalLanguageModel)HfCheckpoint.Load(folder);
        var ids = reference.Tensor2("input_ids");
        var mask = reference.Tensor2("attention_mask");
        var labels = reference.Tensor2("labels");
        var lengths = reference.IntRow("lengths");
        using var noGrad = torch.no_grad();

        var logits = model.forward(ids, mask);
        var (expected, shape) = reference.Array("logits");
        Assert.Equal(shape, logits.shape);
        var ours = logits.data<float>();
        var vocab = shape[2];
        var worst = 0.0;
        for (var b = 0; b < shape[0]; b++)
            for (var t = 0; t < lengths[b]; t++)
                for (var v = 0; v < vocab; v++)
                {
                    var i = (b * shape[1] + t) * vocab + v;
                    worst = Math.Max(worst, Math.Abs(ours[i] - expected[i]));
                }
        Assert.True(worst < Tolerance, $"{name}: max |logit difference| over real tokens is {worst:E2}");

        // The chunked head (with the model's soft cap, if any) and the naive log-softmax of the logits.
        var perToken = model.LabelLogProbs(model.HiddenStates(ids, mask), labels, chunkPositions: 5);
        var naive = TokenLogProbs.FromLogits(logits, labels).data<float>();
        var (expectedPerToken, _) = reference.Array("per_token_logps");
        var oursPerToken = perToken.data<float>();
        for (var i = 0; i < oursPerToken.Length; i++)
        {
            Assert.True(Math.Abs(oursPerToken[i] - expectedPerToken[i]) < Tolerance, $"{name}: per-token log-prob {i}: {oursPerToken[i]} vs {expectedPerToken[i]}");
            Assert.True(Math.Abs(naive[i] - expectedPerToken[i]) < Tolerance, $"{name}: naive per-token log-prob {i}");
        }

        using var totals = SequenceLogProbs.From(perToken, labels);
        var sums = totals.Sum.data<float>();
        var expectedSums = reference.Doubles("sum_logps");
        for (var b = 0; b < sums.Length; b++) Assert.True(Math.Abs(sums[b] - expectedSums[b]) < Tolerance, $"{name}: row {b} summed log-prob {sums[b]} vs {expectedSums[b]}");
        Assert.Equal(reference.Doubles("n_label_tokens").Select(x => (long)x), totals.Count.data<long>());
        var means = totals.Mean.data<float>();
        var expectedMeans = reference.Doubles("mean_logps");
        for (var b = 0; b < means.Length; b++) Assert.True(Math.Abs(means[b] - expectedMeans[b]) < Tolerance);

        var greedy = logits.argmax(-1).data<long>();
        var expectedGreedy = reference.Ints("greedy_next_token");
        for (var b = 0; b < shape[0]; b++)
            for (var t = 0; t < lengths[b]; t++)
                Assert.Equal(expectedGreedy[b][t], greedy[b * shape[1] + t]);
    }

    [SkippableTheory]
    [InlineData("gpt2_seqcls")]
    [InlineData("bert_seqcls")]
    // transformers v4.45.1: c2p and p2c over 16 log buckets, shared keys, layer-normed relative
    // embeddings, no absolute positions, the ContextPooler.
    [InlineData("hf-tiny-next/deberta_v3_seqcls")]
    public void ClassifierScoresMatchTransformers(string name)
    {
        var folder = SharedFixtures.Resolve(name);
        var reference = new ReferenceOutputs(folder);
        using var scope = torch.NewDisposeScope();
        using var model = (SequenceClassifier)HfCheckpoint.Load(folder);
        using var noGrad = torch.no_grad();
        var ids = reference.Tensor2("input_ids");
        var mask = reference.Tensor2("attention_mask");
        var scores = model.forward(ids, mask);
        var (expected, shape) = reference.Array("scores");
        Assert.Equal(shape, scores.shape);
        var ours = scores.data<float>();
        for (var i = 0; i < ours.Length; i++)
            Assert.True(Math.Abs(ours[i] - expected[i]) < Tolerance, $"{name}: score {i} is {ours[i]}, transformers gives {expected[i]}");
        Assert.Equal(ours, model.Scores(ids, mask).data<float>());  // the reward the trainers read
    }

    [SkippableFact]
    public void NaiveLogProbsMatchTransformers()
    {
        var folder = SharedFixtures.Folder("llama");
        var reference = new ReferenceOutputs(folder);
        using var scope = torch.NewDisposeScope();
        using var model = (CausalLanguageModel)HfCheckpoint.Load(folder);
        using var noGrad = torch.no_grad();
        var labels = reference.Tensor2("labels");
        var perToken = TokenLogProbs.FromLogits(model.forward(reference.Tensor2("input_ids"), reference.Tensor2("attention_mask")), labels);
        var (expected, _) = reference.Array("per_token_logps");
        var ours = perToken.data<float>();
        for (var i = 0; i < ours.Length; i++) Assert.True(Math.Abs(ours[i] - expected[i]) < Tolerance);
    }
}
