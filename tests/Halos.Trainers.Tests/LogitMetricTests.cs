using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Losses;
using Halos.Torch;
using Halos.Trainers.Forward;
using Halos.Trainers.Metrics;
using Halos.Trainers.Tests.Support;
using Halos.Trainers.Trainers;

namespace Halos.Trainers.Tests;

/// <summary><c>logits/chosen</c>, <c>logits/rejected</c> and <c>mean_token_accuracy</c>: by hand, and against the full [N, T, V] logits.</summary>
public sealed class LogitMetricTests
{
    [Fact]
    public void MeanLogitsAndTokenAccuracy_OfATinyBatch_AreTheValuesComputedByHand()
    {
        using var scope = torch.NewDisposeScope();
        // One row of 3 tokens over a vocabulary of 2. Position 0 predicts token 1 with logits [1, 3]; position 1 predicts
        // token 0 with logits [0, 5]. The completion is tokens 1 and 2, so both positions count.
        var logits = torch.tensor(new float[] { 1, 3, 0, 5, 9, 9 }, 1, 3, 2);
        var ids = torch.tensor(new long[] { 0, 1, 0 }, 1, 3);
        var both = CompletionLogProbs.FromLogits(logits, ids, torch.tensor(new long[] { 0, 1, 1 }, 1, 3), tokenAccuracy: true);
        // mean of (1+3)/2 = 2 and (0+5)/2 = 2.5
        Assert.Equal(2.25, both.CompletionMeanLogits()!.mean().item<float>(), 6);
        // argmax is token 1 at both positions: right at position 0, wrong at position 1.
        Assert.Equal([1f, 0f], both.CompletionCorrect()!.data<float>().ToArray());

        var lastOnly = CompletionLogProbs.FromLogits(logits, ids, torch.tensor(new long[] { 0, 0, 1 }, 1, 3));
        Assert.Equal([2.5f], lastOnly.CompletionMeanLogits()!.data<float>().ToArray());
        Assert.Null(lastOnly.Correct);  // not asked for
    }

    [Fact]
    public void ThePairedTrainersLogitMetrics_EqualTheMeanOfTheFullLogitsOverEachSidesCompletionTokens()
    {
        using var scope = torch.NewDisposeScope();
        using var policy = ChunkedLogProbTests.TinyModel(seed: 21);
        var (ids, attention, lossMask) = ChunkedLogProbTests.Rows_(policy);
        const int pairs = ChunkedLogProbTests.Rows / 2;
        var examples = Enumerable.Range(0, pairs).Select(i => (Example)new PairedExample($"p{i}", Prompt.FromText("q"), "a", "b")).ToList();
        var batch = new Batch(DataKind.Paired, examples,
            new Dictionary<string, Tensor> { ["input_ids"] = ids, ["attention_mask"] = attention, ["loss_mask"] = lossMask });
        var loss = LossScript.Load(Path.Combine(TrainerRun.RepoRoot, "losses", "simpo.csx"));  // no reference needed
        var modules = new TrainingModules(policy, null, null, Tokenizer: null!, Device.CPU);
        var diagnostics = new PairedPreferenceTrainer().ComputeLossInputs(batch, modules, loss).Diagnostics!;

        using var noGrad = torch.no_grad();
        var full = policy.Logits(ids, attention).narrow(1, 0, ChunkedLogProbTests.Length - 1).mean([-1L]);  // [N, T-1]
        var mask = CompletionLogProbs.ShiftedMask(lossMask);
        var chosen = full.narrow(0, 0, pairs).masked_select(mask.narrow(0, 0, pairs)).mean().item<float>();
        var rejected = full.narrow(0, pairs, pairs).masked_select(mask.narrow(0, pairs, pairs)).mean().item<float>();
        Assert.Equal(chosen, diagnostics[LogitMetricNames.Chosen].mean().item<float>(), 5);
        Assert.Equal(rejected, diagnostics[LogitMetricNames.Rejected].mean().item<float>(), 5);
        Assert.NotEqual(chosen, rejected, 3);
    }

    [Fact]
    public void TheChunkedTokenAccuracy_CountsTheTargetsThatAreTheHeadsArgmax()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(9);
        var hidden = torch.randn([2, 6, 5]);
        var weight = torch.randn([11, 5]);
        var best = F.linear(hidden, weight).argmax(-1).data<long>().ToArray();  // [2, 6]
        // Each row's completion is tokens 2..5 (predicted at positions 1..4). Row 0 hits at its 1st and 3rd token, row 1 at its 2nd.
        bool[][] hit = [[true, false, true, false], [false, true, false, false]];
        var ids = new long[12];
        var lossMask = new long[12];
        for (var r = 0; r < 2; r++)
        for (var k = 0; k < 4; k++)
        {
            var predicted = best[r * 6 + 1 + k];
            ids[r * 6 + 2 + k] = hit[r][k] ? predicted : (predicted + 1) % 11;
            lossMask[r * 6 + 2 + k] = k < 4 - r ? 1 : 0;  // row 1's last token is padding
        }
        var chunked = CompletionLogProbs.FromHidden(hidden, weight, torch.tensor(ids, 2, 6), torch.tensor(lossMask, 2, 6), chunkPositions: 2, tokenAccuracy: true);
        Assert.Equal([1f, 0f, 1f, 0f, 0f, 1f, 0f], chunked.CompletionCorrect()!.data<float>().ToArray());
        // The mean over the vocabulary at each completion position, from the full logits.
        var full = F.linear(hidden, weight).mean([-1L]).narrow(1, 0, 5).masked_select(chunked.Mask);
        Assert.Equal(full.mean().item<float>(), chunked.CompletionMeanLogits()!.mean().item<float>(), 5);
    }
}
