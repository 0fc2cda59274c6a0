using Halos.Models.Architectures;
using Halos.Models.Configuration;
using Halos.Models.Layers;
using Halos.Torch;

namespace Halos.Models.Tests;

public class ArchitectureInvariantTests
{
    public static TheoryData<string> CausalNames() => new(TinyModels.CausalNames);

    [Theory]
    [MemberData(nameof(CausalNames))]
    public void FutureTokensDoNotChangePastLogits(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal(name);
        var ids = TinyModels.RandomIds(2, 12);
        var changed = ids.clone();
        changed.narrow(1, 7, 5).fill_(1);
        using var noGrad = torch.no_grad();
        var full = model.forward(ids);
        var other = model.forward(changed);
        var prefix = model.forward(ids.narrow(1, 0, 7).contiguous());
        Assert.True(TinyModels.MaxAbsDifference(full.narrow(1, 0, 7), other.narrow(1, 0, 7)) < 1e-5);
        Assert.True(TinyModels.MaxAbsDifference(full.narrow(1, 0, 7), prefix) < 1e-5);
        Assert.True(TinyModels.MaxAbsDifference(full.narrow(1, 7, 5), other.narrow(1, 7, 5)) > 1e-3, "changing the future must change the future's logits");
    }

    [Theory]
    [MemberData(nameof(CausalNames))]
    public void RightPaddingDoesNotChangeRealTokenLogits(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal(name);
        var ids = TinyModels.RandomIds(1, 6);
        var padded = torch.cat([ids, torch.zeros([1, 4], ScalarType.Int64)], 1);
        var mask = torch.cat([torch.ones([1, 6], ScalarType.Int64), torch.zeros([1, 4], ScalarType.Int64)], 1);
        using var noGrad = torch.no_grad();
        Assert.True(TinyModels.MaxAbsDifference(model.forward(ids), model.forward(padded, mask).narrow(1, 0, 6)) < 1e-5);
    }

    [Fact]
    public void GroupedQueryAttentionEqualsMultiHeadWithRepeatedKeyValueHeads()
    {
        using var scope = torch.NewDisposeScope();
        using var gqa = TinyModels.Causal("llama_gqa");  // 4 query heads share 2 key/value heads
        var mhaConfig = HfConfig.Parse(TinyModels.Configs["llama_gqa"].Replace("\"num_key_value_heads\":2", "\"num_key_value_heads\":4"));
        using var mha = (CausalLanguageModel)ArchitectureCatalog.Create(mhaConfig);
        var source = gqa.state_dict();
        var expanded = new Dictionary<string, Tensor>();
        foreach (var (name, t) in source)
            // Each kv head h serves query heads 2h and 2h+1: repeat its 8 rows for both.
            expanded[name] = name.EndsWith("k_proj.weight") || name.EndsWith("v_proj.weight")
                ? t.view(2, 1, 8, 32).expand(2, 2, 8, 32).reshape(32, 32)
                : t;
        mha.load_state_dict(expanded);
        var ids = TinyModels.RandomIds(2, 9);
        using var noGrad = torch.no_grad();
        Assert.True(TinyModels.MaxAbsDifference(gqa.forward(ids), mha.forward(ids)) < 1e-5);
    }

    [Fact]
    public void RepeatHeadsGivesEachQueryGroupItsKeyValueHead()
    {
        using var scope = torch.NewDisposeScope();
        var kv = torch.arange(0, 2, 1, ScalarType.Float32).view(1, 2, 1, 1);
        Assert.Equal([0f, 0f, 0f, 1f, 1f, 1f], MultiHeadAttention.RepeatHeads(kv, 3).data<float>());
    }

    [Fact]
    public void ClassifierReadsWhereTransformersReads_TheRightmostNonPadId_WhenPadEqualsEos()
    {
        using var scope = torch.NewDisposeScope();
        using var model = (DecoderSequenceClassifier)TinyModels.Create("llama_seqcls");  // pad_token_id == eos_token_id == 2
        // transformers reads the rightmost id that is not pad_token_id: here position 4 (55), the token before the
        // appended eos; the eos mid-sequence (position 2) is not where it stops either.
        var row = new long[] { 14, 30, 2, 41, 55, 2 };
        var alone = torch.tensor(row, 1, 6);
        var upToFour = torch.tensor(row[..5], 1, 5);
        var rightPadded = torch.tensor(row.Concat(new long[] { 2, 2, 2 }).ToArray(), 1, 9);
        var rightMask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 1, 0, 0, 0 }, 1, 9);
        var leftPadded = torch.tensor(new long[] { 2, 2, 2 }.Concat(row).ToArray(), 1, 9);
        var leftMask = torch.tensor(new long[] { 0, 0, 0, 1, 1, 1, 1, 1, 1 }, 1, 9);
        using var noGrad = torch.no_grad();
        // A causal body: the hidden state at position 4 is the same with or without what follows it.
        var expected = model.forward(upToFour).item<float>();
        Assert.Equal(expected, model.forward(alone).item<float>(), 5);
        Assert.Equal(expected, model.forward(rightPadded, rightMask).item<float>(), 5);
        var leftPositions = torch.tensor(new long[] { 1, 1, 1, 0, 1, 2, 3, 4, 5 }, 1, 9);
        using var hidden = model.Body.forward(leftPadded, leftMask, leftPositions);
        Assert.Equal(expected, model.Score(hidden, leftPadded, leftMask).item<float>(), 5);
        // Not the score at the first eos, nor at the trailing one.
        var atFirstEos = model.forward(alone.narrow(1, 0, 3).contiguous()).item<float>();
        Assert.NotEqual(atFirstEos, expected, 3);
        // Read positions themselves, as transformers' argmax(arange(T) · (ids != pad)) gives them; an all-pad row reads 0.
        var ids = torch.tensor(new long[] { 14, 30, 2, 41, 55, 2, 2, 2, 2, 2, 2, 2 }, 2, 6);
        Assert.Equal([4L, 0L], LastRealToken.AsTransformersReadsIt(ids, null, 2).data<long>());
        Assert.Equal([5L, 5L], LastRealToken.AsTransformersReadsIt(ids, null, null).data<long>());
        // Padding the mask marks is padding even under another id (a tokenizer whose pad id is not the config's).
        var zeroPadded = torch.tensor(new long[] { 14, 30, 55, 0, 0 }, 1, 5);
        Assert.Equal([2L], LastRealToken.AsTransformersReadsIt(zeroPadded, torch.tensor(new long[] { 1, 1, 1, 0, 0 }, 1, 5), 2).data<long>());
    }

    [Fact]
    public void EncoderClassifiersIgnorePaddingAndUseTaskEmbeddings()
    {
        using var scope = torch.NewDisposeScope();
        foreach (var name in new[] { "bert_seqcls", "ernie_seqcls" })
        {
            using var model = (SequenceClassifier)TinyModels.Create(name);
            var ids = TinyModels.RandomIds(1, 5);
            var padded = torch.cat([ids, torch.zeros([1, 3], ScalarType.Int64)], 1);
            var mask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 0, 0, 0 }, 1, 8);
            using var noGrad = torch.no_grad();
            Assert.Equal(model.forward(ids).item<float>(), model.forward(padded, mask).item<float>(), 5);
        }
        using var ernie = TinyModels.Create("ernie_seqcls");
        Assert.Contains(ernie.named_parameters(), p => p.name == "ernie.embeddings.task_type_embeddings.weight");
    }

    [Fact]
    public void DropoutIsOffByDefaultAndOnWhenKept()
    {
        using var scope = torch.NewDisposeScope();
        var ids = TinyModels.RandomIds(2, 8);
        using var off = TinyModels.Causal("gpt2");
        off.train();
        Assert.Equal(0f, TinyModels.MaxAbsDifference(off.forward(ids), off.forward(ids)));
        using var on = TinyModels.Causal("gpt2", new ModelOptions { KeepDropout = true });
        on.train();
        Assert.True(TinyModels.MaxAbsDifference(on.forward(ids), on.forward(ids)) > 1e-3);
        on.eval();
        Assert.Equal(0f, TinyModels.MaxAbsDifference(on.forward(ids), off.forward(ids)));
    }

    [Fact]
    public void Llama3RopeScalingFollowsItsPiecewiseRule()
    {
        // original context 16, factor 8, low 1, high 4: wavelengths under 4 keep their frequency,
        // over 16 are slowed 8×, and in between blend linearly in 16/wavelength.
        var scaling = new RopeScaling("llama3", 8, 1, 4, 16);
        using var scope = torch.NewDisposeScope();
        var frequencies = new[] { 2f, 0.5f, 0.25f, 0.01f };  // wavelengths 3.14, 12.6, 25.1, 628
        var scaled = scaling.Apply(torch.tensor(frequencies, 4)).data<float>();
        Assert.Equal(2f, scaled[0]);
        var smooth = (16 / (2 * Math.PI / 0.5) - 1) / 3;
        Assert.Equal((1 - smooth) * 0.5 / 8 + smooth * 0.5, scaled[1], 6);
        Assert.Equal(0.25 / 8, scaled[2], 6);
        Assert.Equal(0.01 / 8, scaled[3], 6);
    }

    [Fact]
    public void MistralSlidingWindowLimitsHowFarBackATokenLooks()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("mistral");  // window 5
        var ids = TinyModels.RandomIds(1, 12);
        var changed = ids.clone();
        changed.narrow(1, 0, 1).fill_(1);
        using var noGrad = torch.no_grad();
        var a = model.forward(ids);
        var b = model.forward(changed);
        // With 2 layers the first token reaches at most position 0 + 2·4 = 8.
        Assert.True(TinyModels.MaxAbsDifference(a.narrow(1, 9, 3), b.narrow(1, 9, 3)) < 1e-6);
        Assert.True(TinyModels.MaxAbsDifference(a.narrow(1, 0, 5), b.narrow(1, 0, 5)) > 1e-3);
    }
}
