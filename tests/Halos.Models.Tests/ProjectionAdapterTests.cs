using Halos.Models.Architectures;
using Halos.Models.Layers;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Tests;

/// <summary>The hook LoRA will use: an adapter attached to a projection by module name.</summary>
public class ProjectionAdapterTests
{
    private sealed class LowRankDelta : Module, IProjectionAdapter
    {
        public LowRankDelta(long inFeatures, long outFeatures)
        {
            A = RegisterParameter("A", torch.randn(2, inFeatures));
            B = RegisterParameter("B", torch.randn(outFeatures, 2));
        }

        public Tensor A { get; }
        public Tensor B { get; }

        public Tensor Delta(Tensor input)
        {
            using var low = F.linear(input, A);
            return F.linear(low, B);
        }
    }

    [Fact]
    public void AnAttachedAdapterAddsItsDeltaAndCanBeSwitchedOff()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("llama_gqa");
        var ids = TinyModels.RandomIds(1, 6);
        using var noGrad = torch.no_grad();
        var baseLogits = model.forward(ids);
        var q = model.named_modules().Single(m => m.name == "model.layers.1.self_attn.q_proj").module as Projection;
        q!.AttachAdapter("lora", new LowRankDelta(q.InFeatures, q.OutFeatures));
        Assert.Contains(model.named_parameters(), p => p.name == "model.layers.1.self_attn.q_proj.lora.A");
        Assert.True(TinyModels.MaxAbsDifference(baseLogits, model.forward(ids)) > 1e-3);
        q.AdapterEnabled = false;
        Assert.Equal(0f, TinyModels.MaxAbsDifference(baseLogits, model.forward(ids)));
    }
}
