using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Losses;
using Halos.Models.Architectures;
using Halos.Models.Configuration;
using Halos.Torch;
using Halos.Trainers.Forward;
using Halos.Trainers.Tests.Support;
using Halos.Trainers.Trainers;

namespace Halos.Trainers.Tests;

/// <summary>
/// A DPO step (the paired trainer with losses/dpo.csx, through the chunked log-prob head) and a reward-model step (the
/// reward trainer with losses/bradley_terry.csx) on Gemma 2, Phi-3 and Qwen3, in float64. Their gradients are held to
/// central finite differences of the same loss written out independently from the full logits (for Gemma 2, the
/// soft-capped ones), so a chunked head that dropped the soft cap, or any wrong backward, would show.
/// </summary>
public sealed class NextArchitectureTrainingTests
{
    private const int Pairs = 2, Length = 9;

    private static readonly Dictionary<string, string> Bodies = new()
    {
        ["gemma2"] = "\"model_type\":\"gemma2\",\"hidden_size\":16,\"intermediate_size\":24,\"num_hidden_layers\":2,\"num_attention_heads\":2,\"num_key_value_heads\":1,\"head_dim\":8,\"query_pre_attn_scalar\":8,\"attn_logit_softcapping\":1.5,\"final_logit_softcapping\":2.0,\"sliding_window\":3",
        ["phi3"] = "\"model_type\":\"phi3\",\"hidden_size\":16,\"intermediate_size\":24,\"num_hidden_layers\":2,\"num_attention_heads\":2,\"num_key_value_heads\":1",
        ["qwen3"] = "\"model_type\":\"qwen3\",\"hidden_size\":16,\"intermediate_size\":24,\"num_hidden_layers\":2,\"num_attention_heads\":2,\"num_key_value_heads\":1,\"head_dim\":8",
    };

    private static TransformerModel Create(string type, string head, ulong seed)
    {
        torch.manual_seed(seed);
        var prefix = type switch { "gemma2" => "Gemma2", "phi3" => "Phi3", _ => "Qwen3" };
        var json = $$"""{{{Bodies[type]}},"vocab_size":23,"architectures":["{{prefix}}{{head}}"],"num_labels":1}""";
        var model = ArchitectureCatalog.Create(HfConfig.Parse(json, $"{type}/config.json"));
        // Norm weights away from their initial values, so a norm the backward skipped would show.
        using (torch.no_grad())
            foreach (var (_, p) in model.named_parameters())
                if (p.dim() == 1) p.add_(torch.rand(p.shape) * 0.5);
        model.to(ScalarType.Float64);
        model.eval();
        return model;
    }

    /// <summary>Chosen rows then rejected rows: a 3-token prompt, a completion, and 0-2 padding positions.</summary>
    private static (Tensor Ids, Tensor Attention, Tensor LossMask) Rows()
    {
        torch.manual_seed(5);
        var rows = 2 * Pairs;
        var ids = torch.randint(0, 23, [rows, Length]);
        var attention = new long[rows * Length];
        var lossMask = new long[rows * Length];
        for (var r = 0; r < rows; r++)
        for (var t = 0; t < Length - r % 3; t++)
        {
            attention[r * Length + t] = 1;
            lossMask[r * Length + t] = t >= 3 ? 1 : 0;
        }
        return (ids, torch.tensor(attention, rows, Length), torch.tensor(lossMask, rows, Length));
    }

    private static Batch BatchOf(DataKind kind, Tensor ids, Tensor attention, Tensor lossMask) =>
        new(kind, Enumerable.Range(0, Pairs).Select(i => (Example)new PairedExample($"p{i}", Prompt.FromText("q"), "a", "b")).ToList(),
            new Dictionary<string, Tensor> { ["input_ids"] = ids, ["attention_mask"] = attention, ["loss_mask"] = lossMask });

    [Theory]
    [InlineData("gemma2")]
    [InlineData("phi3")]
    [InlineData("qwen3")]
    public void DpoStepGradientsMatchFiniteDifferences(string type)
    {
        using var scope = torch.NewDisposeScope();
        using var policy = (CausalLanguageModel)Create(type, "ForCausalLM", 31);
        using var reference = (CausalLanguageModel)Create(type, "ForCausalLM", 32);
        var loss = LossScript.Load(Path.Combine(TrainerRun.RepoRoot, "losses", "dpo.csx"));
        var (ids, attention, lossMask) = Rows();
        var modules = new TrainingModules(policy, reference, null, Tokenizer: null!, Device.CPU);
        var trainerLoss = loss.Compute(new PairedPreferenceTrainer().ComputeLossInputs(BatchOf(DataKind.Paired, ids, attention, lossMask), modules, loss)).Loss();
        trainerLoss.backward();

        Tensor referenceSums;
        using (torch.no_grad()) referenceSums = CompletionLogProbs.FromLogits(reference.forward(ids, attention).to(ScalarType.Float64), ids, lossMask).Sum();
        // −log σ(β((πc − rc) − (πr − rr))), β = 0.1 (dpo.csx's default), from float64 log-softmax of the full logits.
        double Independent()
        {
            using var inner = torch.NewDisposeScope();
            var logits = policy.forward(ids, attention);
            var logp = F.log_softmax(logits.narrow(1, 0, Length - 1), -1).gather(2, ids.narrow(1, 1, Length - 1).unsqueeze(-1)).squeeze(-1);
            var sums = logp.masked_fill(CompletionLogProbs.ShiftedMask(lossMask).logical_not(), 0).sum(-1);
            var ratios = sums - referenceSums;
            return (-F.logsigmoid(0.1 * (ratios.narrow(0, 0, Pairs) - ratios.narrow(0, Pairs, Pairs)))).mean().item<double>();
        }
        Assert.Equal(Independent(), trainerLoss.to(ScalarType.Float64).item<double>(), 5);
        AssertFiniteDifferences(policy, Independent, type);
    }

    [Theory]
    [InlineData("gemma2")]
    [InlineData("phi3")]
    [InlineData("qwen3")]
    public void RewardModelStepGradientsMatchFiniteDifferences(string type)
    {
        using var scope = torch.NewDisposeScope();
        using var model = (DecoderSequenceClassifier)Create(type, "ForSequenceClassification", 41);
        var loss = LossScript.Load(Path.Combine(TrainerRun.RepoRoot, "losses", "bradley_terry.csx"));
        var (ids, attention, lossMask) = Rows();
        var modules = new TrainingModules(model, null, null, Tokenizer: null!, Device.CPU);
        var trainerLoss = loss.Compute(new RewardModelTrainer().ComputeLossInputs(BatchOf(DataKind.Scored, ids, attention, lossMask), modules, loss)).Loss();
        trainerLoss.backward();

        // −log σ(r⁺ − r⁻), averaged over the pairs, from the float64 scores.
        double Independent()
        {
            using var inner = torch.NewDisposeScope();
            var scores = model.forward(ids, attention).squeeze(-1);
            return (-F.logsigmoid(scores.narrow(0, 0, Pairs) - scores.narrow(0, Pairs, Pairs))).mean().item<double>();
        }
        Assert.Equal(Independent(), trainerLoss.to(ScalarType.Float64).item<double>(), 5);
        AssertFiniteDifferences(model, Independent, type);
    }

    /// <summary>Central differences on a few entries of an attention, an MLP, a norm and the embedding parameter.</summary>
    private static void AssertFiniteDifferences(TransformerModel model, Func<double> lossValue, string type)
    {
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var chosen = parameters.Keys.Where(n =>
            n.Contains("layers.0.self_attn.") && n.EndsWith("proj.weight") && !n.Contains("o_proj")
            || n.Contains("layers.1.mlp.down_proj") || n.EndsWith("layers.1.input_layernorm.weight") || n.Contains("q_norm")
            || n.EndsWith("embed_tokens.weight") || n == "score.weight").ToList();
        Assert.True(chosen.Count >= 4, $"{type}: parameters picked: {string.Join(", ", chosen)}");
        const double h = 1e-5;
        var checkedEntries = 0;
        foreach (var name in chosen)
        {
            var parameter = parameters[name];
            var analytic = parameter.grad!.reshape(-1).data<double>();
            var flat = parameter.view(-1);
            // The largest-gradient entry and one more: a zero gradient everywhere would not pass.
            var largest = Array.IndexOf(analytic, analytic.MaxBy(Math.Abs));
            foreach (var index in new long[] { largest, flat.size(0) / 3 })
            {
                var element = flat.narrow(0, index, 1);
                double up, down;
                using (torch.no_grad())
                {
                    element.add_(h);
                    up = lossValue();
                    element.add_(-2 * h);
                    down = lossValue();
                    element.add_(h);
                }
                var numeric = (up - down) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[index]) <= 1e-6 + 1e-4 * Math.Abs(numeric),
                    $"{type}: d loss / d {name}[{index}]: analytic {analytic[index]:E6}, finite difference {numeric:E6}");
                checkedEntries++;
            }
            Assert.True(Math.Abs(analytic[largest]) > 1e-8, $"{type}: the gradient of {name} is zero");
        }
    }
}
