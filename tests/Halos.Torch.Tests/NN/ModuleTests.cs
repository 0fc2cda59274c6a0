using Halos.Torch.NN;

namespace Halos.Torch.Tests.NN;

public class ModuleTests
{
    private sealed class Block : Module<Tensor, Tensor>
    {
        public readonly Linear c_attn;
        public readonly LayerNorm ln_1;

        public Block()
        {
            ln_1 = RegisterModule("ln_1", new LayerNorm(4));
            var attn = RegisterModule("attn", new Holder());
            c_attn = attn.Linear;
            RegisterBuffer("mask", torch.ones([2, 2], ScalarType.Bool), persistent: false);
        }

        public override Tensor forward(Tensor x) => c_attn.forward(ln_1.forward(x));
    }

    private sealed class Holder : Module
    {
        public readonly Linear Linear;
        public Holder() => Linear = RegisterModule("c_attn", new Linear(4, 4));
    }

    private sealed class Tiny : Module<Tensor, Tensor>
    {
        public readonly ModuleList<Block> h;
        public Tiny() => h = RegisterModule("h", new ModuleList<Block>([new Block(), new Block()]));
        public override Tensor forward(Tensor x) => h.Aggregate(x, (acc, b) => b.forward(acc));
    }

    [Fact]
    public void ParametersHaveHierarchicalNames()
    {
        using var m = new Tiny();
        var names = m.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(new[]
        {
            "h.0.ln_1.weight", "h.0.ln_1.bias", "h.0.attn.c_attn.weight", "h.0.attn.c_attn.bias",
            "h.1.ln_1.weight", "h.1.ln_1.bias", "h.1.attn.c_attn.weight", "h.1.attn.c_attn.bias",
        }, names);
        Assert.Equal(new[] { "h.0.mask", "h.1.mask" }, m.named_buffers().Select(b => b.name));
        // Non-persistent buffers stay out of the state dict.
        var sd = m.state_dict();
        Assert.Equal(8, sd.Count);
        foreach (var t in sd.Values) t.Dispose();
    }

    [Fact]
    public void ParametersSurviveTheScopeTheModuleWasBuiltIn()
    {
        Linear layer;
        using (torch.NewDisposeScope()) layer = new Linear(3, 2);
        Assert.False(layer.weight.IsDisposed);
        Assert.True(layer.weight.requires_grad);
        layer.Dispose();
        Assert.True(layer.weight.IsDisposed);
    }

    [Fact]
    public void LinearComputesXWTransposePlusB()
    {
        using var l = new Linear(2, 2);
        using (torch.no_grad())
        {
            l.weight.copy_(torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2));
            l.bias!.copy_(torch.tensor(new float[] { 10, 20 }));
        }
        using var y = l.forward(torch.tensor(new float[] { 1, 1 }, 1, 2));
        Assert.Equal(new float[] { 13, 27 }, y.data<float>());
    }

    [Fact]
    public void StateDictRoundTripGivesIdenticalOutputs()
    {
        using var a = new Tiny();
        using var b = new Tiny();
        using var x = torch.randn(3, 4);
        var sd = a.state_dict();
        b.load_state_dict(sd);
        foreach (var t in sd.Values) t.Dispose();
        using var ya = a.forward(x);
        using var yb = b.forward(x);
        Assert.Equal(ya.data<float>(), yb.data<float>());
    }

    [Fact]
    public void LoadStateDictNamesMissingUnexpectedAndMismatchedTensors()
    {
        using var m = new Linear(3, 2);
        var sd = new Dictionary<string, Tensor> { ["weight"] = torch.zeros(2, 3), ["extra"] = torch.zeros(1) };
        var ex = Assert.Throws<StateDictMismatchException>(() => m.load_state_dict(sd));
        Assert.Contains("missing bias", ex.Message);
        Assert.Contains("unexpected extra", ex.Message);

        var bad = new Dictionary<string, Tensor> { ["weight"] = torch.zeros(3, 3), ["bias"] = torch.zeros(2) };
        var ex2 = Assert.Throws<ArgumentException>(() => m.load_state_dict(bad));
        Assert.Contains("size mismatch for 'weight'", ex2.Message);
    }

    [Fact]
    public void ToDtypeConvertsInPlaceKeepingReferences()
    {
        using var m = new Linear(3, 2);
        var w = m.weight;
        m.to(ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, w.dtype);
        Assert.True(w.requires_grad);
        using var y = m.forward(torch.ones([1, 3], ScalarType.BFloat16));
        Assert.Equal(ScalarType.BFloat16, y.dtype);
    }

    [Fact]
    public void TrainAndEvalReachEverySubmodule()
    {
        using var m = new Tiny();
        m.eval();
        Assert.All(m.named_modules(), x => Assert.False(x.module.training));
        m.train();
        Assert.All(m.named_modules(), x => Assert.True(x.module.training));
    }

    [Fact]
    public void DropoutIsIdentityInEvalMode()
    {
        using var d = new Dropout(0.9);
        d.eval();
        using var x = torch.ones(100);
        using var y = d.forward(x);
        Assert.Equal(100f, y.sum().item<float>());
    }

    [Fact]
    public void RmsNormMatchesTheFormula()
    {
        using var n = new RMSNorm(2, eps: 0);
        using var y = n.forward(torch.tensor(new float[] { 3, 4 }, 1, 2));
        // rms = sqrt((9 + 16) / 2) = sqrt(12.5)
        var r = Math.Sqrt(12.5);
        Assert.Equal(new[] { (float)(3 / r), (float)(4 / r) }, y.data<float>());
    }
}
