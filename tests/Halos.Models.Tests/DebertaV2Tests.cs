using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Models.Configuration;
using Halos.Models.Layers;
using Halos.Torch;

namespace Halos.Models.Tests;

/// <summary>
/// DeBERTa-v2/v3 sequence classifiers: the reward-model step's gradient against finite
/// differences, the log-bucketed relative positions by hand, and refused config fields by name.
/// Parity with transformers and the re-saved layout are in HfParityTests and HfLayoutTests
/// (../shared/fixtures/hf-tiny-next/deberta_v3_seqcls).
/// </summary>
public class DebertaV2Tests
{
    private const string TinyConfig = """
        {"model_type":"deberta-v2","architectures":["DebertaV2ForSequenceClassification"],"vocab_size":97,"hidden_size":32,
         "num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":48,"max_position_embeddings":64,"type_vocab_size":0,
         "relative_attention":true,"position_buckets":8,"max_relative_positions":-1,"pos_att_type":["p2c","c2p"],"share_att_key":true,
         "norm_rel_ebd":"layer_norm","position_biased_input":false,"pooler_hidden_size":32,"pooler_hidden_act":"gelu","num_labels":1}
        """;

    [Fact]
    public void RelativePositionsAreExactNearAndLogBucketedFar()
    {
        // 16 buckets (mid 8) over 127 positions: distances up to 8 stay, beyond that
        // ceil(ln(d/8) / ln(126/8) · 7) + 8, e.g. d=9: ceil(0.1178/2.7568·7)=1 → 9; d=20: ceil(2.327)=3 → 11.
        var buckets = RelativePositionBuckets.BucketsByDistance(21, 16, 128);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, buckets[..10]);
        for (var d = 9; d < 21; d++)
            Assert.Equal((long)Math.Ceiling(Math.Log(d / 8.0) / Math.Log(127 / 8.0) * 7) + 8, buckets[d]);
        // The index into the 2·span table is odd in the sign and clamped: δ(q, k) = bucket(q − k) + span.
        using var index = RelativePositionBuckets.Index(3, 16, 128, 16, Device.CPU);
        Assert.Equal(new long[] { 16, 15, 14, 17, 16, 15, 18, 17, 16 }, index.data<long>());
    }

    [Fact]
    public void ARewardStepGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        using var model = (SequenceClassifier)ArchitectureCatalog.Create(HfConfig.Parse(TinyConfig));
        model.to(ScalarType.Float64);
        model.train();
        var ids = TinyModels.RandomIds(2, 11);
        var mask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0 }, 2, 11);
        // Bradley-Terry: row 0 chosen, row 1 rejected.
        double Loss(bool backward)
        {
            using var inner = torch.NewDisposeScope();
            var scores = model.Scores(ids, mask);
            var loss = -F.logsigmoid(scores.select(0, 0) - scores.select(0, 1));
            if (backward) loss.backward();
            return loss.item<double>();
        }
        Loss(backward: true);
        string[] checkedNames =
        [
            "deberta.encoder.rel_embeddings.weight", "deberta.encoder.LayerNorm.weight", "deberta.encoder.layer.0.attention.self.query_proj.weight",
            "deberta.encoder.layer.1.attention.self.key_proj.bias", "deberta.embeddings.word_embeddings.weight", "pooler.dense.weight", "classifier.weight",
        ];
        const double h = 1e-6;
        foreach (var name in checkedNames)
        {
            var parameter = model.named_parameters().Single(p => p.name == name).parameter;
            var analytic = parameter.grad!.data<double>();
            var flat = parameter.view(-1);
            // The largest-gradient entries, so that a wrong or missing term cannot hide in a zero.
            var indices = analytic.Select((g, i) => (g, i)).OrderByDescending(x => Math.Abs(x.g)).Take(3).Select(x => x.i);
            foreach (var index in indices)
            {
                var element = flat.narrow(0, index, 1);
                double At(double delta)
                {
                    using (torch.no_grad()) element.add_(delta);
                    using var noGrad = torch.no_grad();
                    var value = Loss(backward: false);
                    using (torch.no_grad()) element.add_(-delta);
                    return value;
                }
                var numeric = (At(h) - At(-h)) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[index]) < 1e-6 + 1e-4 * Math.Abs(numeric),
                    $"{name}[{index}]: backward {analytic[index]:E4}, finite difference {numeric:E4}");
                Assert.NotEqual(0, analytic[index]);
            }
        }

        // One SGD step along the gradient lowers the loss.
        var before = Loss(backward: false);
        using (torch.no_grad())
            foreach (var (_, p) in model.named_parameters()) p.add_(p.grad! * -0.05);
        Assert.True(Loss(backward: false) < before);
    }

    [Fact]
    public void PaddingDoesNotChangeTheScore()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        using var model = (SequenceClassifier)ArchitectureCatalog.Create(HfConfig.Parse(TinyConfig));
        model.eval();
        var ids = TinyModels.RandomIds(1, 6);
        var padded = torch.cat([ids, torch.zeros([1, 4], ScalarType.Int64)], 1);
        var mask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 1, 0, 0, 0, 0 }, 1, 10);
        using var noGrad = torch.no_grad();
        Assert.Equal(model.forward(ids).item<float>(), model.forward(padded, mask).item<float>(), 5);
    }

    [Fact]
    public void LoraAdaptsQueryAndValueProjectionsByDefault()
    {
        // PEFT's default target_modules for deberta-v2; the relative-embedding path goes through the same projections.
        using var model = ArchitectureCatalog.Create(HfConfig.Parse(TinyConfig));
        var targets = Halos.Models.Lora.LoraTargets.DefaultFor(model.ModelType);
        var adapted = Halos.Models.Lora.LoraTargets.Adapted(model, new Halos.Models.Lora.LoraSettings { TargetModules = targets }, "test").Select(p => p.name);
        Assert.Equal(
            ["deberta.encoder.layer.0.attention.self.query_proj", "deberta.encoder.layer.0.attention.self.value_proj",
             "deberta.encoder.layer.1.attention.self.query_proj", "deberta.encoder.layer.1.attention.self.value_proj"],
            adapted.Order());
    }

    [Theory]
    [InlineData("conv_kernel_size", "3", "conv_kernel_size")]
    [InlineData("pos_att_type", "[\"p2p\"]", "'p2p' is not supported")]
    [InlineData("norm_rel_ebd", "\"batch_norm\"", "'batch_norm' is not supported")]
    [InlineData("z_steps", "2", "z_steps")]
    public void UnsupportedFieldsAreRefusedByName(string key, string value, string expected)
    {
        var config = HfConfig.Parse(TinyConfig, "deberta/config.json");
        config.Json[key] = System.Text.Json.Nodes.JsonNode.Parse(value);
        var error = Assert.Throws<ModelConfigException>(() => ArchitectureCatalog.Create(config));
        Assert.Contains("deberta/config.json", error.Message);
        Assert.Contains(key, error.Message);
        Assert.Contains(expected, error.Message);
    }
}
