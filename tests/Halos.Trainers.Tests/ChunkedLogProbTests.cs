using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Losses;
using Halos.Models.Architectures;
using Halos.Models.Plugin;
using Halos.Torch;
using Halos.Trainers.Forward;
using Halos.Trainers.Tests.Support;
using Halos.Trainers.Trainers;

namespace Halos.Trainers.Tests;

/// <summary>
/// The trainers read completion log-probs through the chunked head (hidden states × Wᵀ a few positions at a time);
/// these tests hold that path to the full-logits one, in the loss and in every parameter's gradient.
/// </summary>
public sealed class ChunkedLogProbTests
{
    internal const int Rows = 4, Length = 12;

    [Fact]
    public void Linear_log_probs_match_log_softmax_of_the_full_logits_in_value_and_gradient()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var hidden = torch.randn([7, 5]).requires_grad_();
        var weight = torch.randn([11, 5]).requires_grad_();
        var targets = torch.tensor(new long[] { 0, 10, 3, 3, 7, 1, 9 }, 7);
        var upstream = torch.randn([7]);

        var chunked = F.linear_log_probs(hidden, weight, targets, chunk: 3);
        chunked.backward(upstream);
        var (chunkedHidden, chunkedWeight) = (hidden.grad!.clone(), weight.grad!.clone());
        hidden.grad = null;
        weight.grad = null;

        var naive = F.log_softmax(F.linear(hidden, weight), -1).gather(1, targets.unsqueeze(1)).squeeze(1);
        naive.backward(upstream);

        AssertClose(naive, chunked, 1e-5);
        AssertClose(hidden.grad!, chunkedHidden, 1e-5);
        AssertClose(weight.grad!, chunkedWeight, 1e-5);
        // Closed form at one position: d log p(y) / d h = W[y] − Σ_v softmax_v W[v], times the upstream gradient.
        using (torch.no_grad())
        {
            var p = F.softmax(F.linear(hidden.narrow(0, 1, 1), weight), -1);
            var expected = (weight.narrow(0, 10, 1) - p.matmul(weight)) * upstream.narrow(0, 1, 1).unsqueeze(1);
            AssertClose(expected, chunkedHidden.narrow(0, 1, 1), 1e-5);
        }
    }

    [Fact]
    public void Entropy_through_the_chunked_head_equals_the_full_logits_and_the_closed_form()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        var hidden = torch.randn([2, 6, 5]);
        var weight = torch.randn([11, 5]);
        var ids = torch.randint(0, 11, [2, 6]);
        var lossMask = torch.tensor(new long[] { 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1 }, 2, 6);
        var chunked = CompletionLogProbs.FromHidden(hidden, weight, ids, lossMask, chunkPositions: 2, entropy: true);
        var full = CompletionLogProbs.FromLogits(F.linear(hidden, weight), ids, lossMask, entropy: true);
        AssertClose(full.Entropy!, chunked.Entropy!, 1e-5);
        // At position (1, 3): H = −Σ p log p of softmax(h·Wᵀ), written out.
        var logits = F.linear(hidden[1][3].unsqueeze(0), weight).reshape(-1).data<float>().Select(v => (double)v).ToArray();
        var max = logits.Max();
        var z = logits.Sum(l => Math.Exp(l - max));
        var expected = -logits.Sum(l => Math.Exp(l - max) / z * (l - max - Math.Log(z)));
        Assert.Equal(expected, chunked.Entropy![1][3].item<float>(), 4);
        // Outside the completion the entropy is 0, and the soft cap (Gemma 2) changes it.
        Assert.Equal(0f, chunked.Entropy![0][0].item<float>());
        var capped = CompletionLogProbs.FromHidden(hidden, weight, ids, lossMask, chunkPositions: 2, softCap: 1.0, entropy: true);
        Assert.NotEqual(chunked.Entropy![1][3].item<float>(), capped.Entropy![1][3].item<float>());
    }

    [Fact]
    public void Linear_log_probs_reject_mismatched_shapes_naming_them()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<TorchException>(() =>
            F.linear_log_probs(torch.zeros([4, 5]), torch.zeros([11, 6]), torch.zeros([4], ScalarType.Int64), 2));
        Assert.Contains("hidden [4, 5], weight [11, 6]", error.Message);
    }

    [Fact]
    public void Chunked_completion_log_probs_equal_the_full_logits_path_in_small_chunks()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModel();
        var (ids, attention, lossMask) = Rows_(model);
        var logits = model.Logits(ids, attention);
        var naive = CompletionLogProbs.FromLogits(logits, ids, lossMask);
        var hidden = model.HiddenStates(ids, attention);
        var chunked = CompletionLogProbs.FromHidden(hidden, model.HeadWeight!, ids, lossMask, chunkPositions: 5);
        AssertClose(naive.PerToken, chunked.PerToken, 2e-5);
        Assert.True(naive.Mask.eq(chunked.Mask).all().item<bool>());
        // Prompt and padding positions are exactly zero, and the completion positions are real log-probs.
        Assert.Equal(0f, chunked.PerToken.masked_select(chunked.Mask.logical_not()).abs().sum().item<float>());
        Assert.True(chunked.PerToken.masked_select(chunked.Mask).lt(0).all().item<bool>());
    }

    [Fact]
    public void The_paired_trainer_gives_the_dpo_loss_and_gradients_of_the_full_logits_path()
    {
        using var scope = torch.NewDisposeScope();
        using var policy = TinyModel(seed: 21);
        using var reference = TinyModel(seed: 22);
        var loss = LossScript.Load(Path.Combine(TrainerRun.RepoRoot, "losses", "dpo.csx"));
        var (ids, attention, lossMask) = Rows_(policy);
        var pairs = Rows / 2;
        var examples = Enumerable.Range(0, pairs).Select(i => (Example)new PairedExample($"p{i}", Prompt.FromText("q"), "a", "b")).ToList();
        var batch = new Batch(DataKind.Paired, examples,
            new Dictionary<string, Tensor> { ["input_ids"] = ids, ["attention_mask"] = attention, ["loss_mask"] = lossMask });
        var modules = new TrainingModules(policy, reference, null, Tokenizer: null! /* the paired forward never tokenizes */, Device.CPU);

        var trainerLoss = loss.Compute(new PairedPreferenceTrainer().ComputeLossInputs(batch, modules, loss)).Loss();
        trainerLoss.backward();
        var trainerGrads = policy.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        foreach (var (_, p) in policy.named_parameters()) p.grad = null;

        var naiveLoss = NaiveDpo(policy, reference, ids, attention, lossMask, pairs);
        naiveLoss.backward();

        Assert.Equal(naiveLoss.item<float>(), trainerLoss.item<float>(), 5);
        // Policy and reference differ, so the loss is off its starting value ln 2 and the gradients are not zero.
        Assert.True(Math.Abs(naiveLoss.item<float>() - Math.Log(2)) > 1e-4);
        Assert.True(trainerGrads.Values.Sum(g => g.abs().sum().item<float>()) > 0);
        foreach (var (name, p) in policy.named_parameters())
        {
            AssertClose(p.grad!, trainerGrads[name], 1e-4, name);
        }
    }

    private static Tensor NaiveDpo(CausalLanguageModel policy, CausalLanguageModel reference, Tensor ids, Tensor attention, Tensor lossMask, int pairs)
    {
        Tensor referenceSums;
        using (torch.no_grad()) referenceSums = CompletionLogProbs.FromLogits(reference.Logits(ids, attention), ids, lossMask).Sum();
        var policySums = CompletionLogProbs.FromLogits(policy.Logits(ids, attention), ids, lossMask).Sum();
        var ratios = policySums - referenceSums;
        // losses/dpo.csx with its default beta 0.1: −log σ(β((πc − rc) − (πr − rr))).
        return -F.logsigmoid(0.1 * (ratios.narrow(0, 0, pairs) - ratios.narrow(0, pairs, pairs))).mean();
    }

    internal static CausalLanguageModel TinyModel(ulong seed = 11)
    {
        torch.manual_seed(seed);
        var spec = new ModelSpec("gpt2", null, ScalarType.Float32, Device.CPU, TinyCheckpoint.Config());
        var model = (CausalLanguageModel)new TransformersModelBuilder().Build(spec, ModelRole.Policy);
        model.eval(); // dropout off, so both paths see the same function
        return model;
    }

    /// <summary>Rows of random tokens: a 3- or 4-token prompt, then the completion, then 0-2 padding positions.</summary>
    internal static (Tensor Ids, Tensor Attention, Tensor LossMask) Rows_(CausalLanguageModel model)
    {
        torch.manual_seed(7);
        var ids = torch.randint(0, model.VocabSize, [Rows, Length]);
        var attention = new long[Rows * Length];
        var lossMask = new long[Rows * Length];
        for (var r = 0; r < Rows; r++)
        for (var t = 0; t < Length - r % 3; t++)
        {
            attention[r * Length + t] = 1;
            lossMask[r * Length + t] = t >= 3 + r % 2 ? 1 : 0;
        }
        return (ids, torch.tensor(attention, Rows, Length), torch.tensor(lossMask, Rows, Length));
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what = "")
    {
        var difference = (expected - actual).abs().max().item<float>();
        var scale = Math.Max(1, expected.abs().max().item<float>());
        Assert.True(difference <= tolerance * scale, $"{what}: max |difference| {difference} (scale {scale})");
    }
}
