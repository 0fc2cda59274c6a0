using Halos.Torch;
using static Halos.Torch.Tests.Ops.TensorAssert;

namespace Halos.Torch.Tests.Ops;

// PyTorch docs: "Automatic differentiation package" (requires_grad, backward, grad, detach, grad modes).
public class AutogradTests
{
    [Fact]
    public void BackwardOfAScalarFillsLeafGradients()
    {
        using var x = torch.tensor(new double[] { 1, -2, 3 });
        Assert.False(x.requires_grad);
        x.requires_grad_();
        Assert.True(x.requires_grad);
        Assert.True(x.is_leaf);
        Assert.Null(x.grad);

        using var y = (x * x * x).sum(); // d/dx Σ x³ = 3x²
        Assert.True(y.requires_grad);
        Assert.False(y.is_leaf);
        y.backward();
        using var g = x.grad!;
        Assert.Equal(new double[] { 3, 12, 27 }, g.data<double>());
        Assert.False(g.requires_grad);
    }

    [Fact]
    public void BackwardWithAnExplicitGradientForANonScalarOutput()
    {
        using var x = torch.tensor(new float[] { 1, 2, 3 }).requires_grad_();
        using var y = x * 3 + 1;
        var ex = Assert.Throws<TorchException>(() => y.backward());
        Assert.Contains("scalar outputs", ex.Message);
        using var seed = torch.tensor(new float[] { 1, 0.5f, -2 });
        y.backward(seed);
        using var g = x.grad!;
        Assert.Equal(new float[] { 3, 1.5f, -6 }, g.data<float>());
    }

    [Fact]
    public void BackwardTwiceNeedsRetainGraphAndThenAccumulates()
    {
        using var x = torch.tensor(new double[] { 2 }).requires_grad_();
        using var y = (x.exp() * x).sum(); // d/dx x eˣ = (x + 1) eˣ
        y.backward(retain_graph: true);
        var once = 3 * Math.Exp(2);
        using (var g1 = x.grad!) Close([once], g1, 1e-12);
        y.backward(); // allowed: the graph was retained; the gradient accumulates
        using (var g2 = x.grad!) Close([2 * once], g2, 1e-12);
        var ex = Assert.Throws<TorchException>(() => y.backward()); // buffers are now freed
        Assert.Contains("backward through the graph a second time", ex.Message);
        using (var g3 = x.grad!) Close([2 * once], g3, 1e-12); // the failed call added nothing

        x.grad = null;
        Assert.Null(x.grad);
    }

    [Fact]
    public void GradientsFlowThroughBroadcastAndMatmul()
    {
        using var w = torch.tensor(new double[] { 1, 2, 3, 4 }, 2, 2).requires_grad_();
        using var b = torch.tensor(new double[] { 0.5 }).requires_grad_();
        using var xin = torch.tensor(new double[] { 1, -1 }, 1, 2);
        using var loss = (xin.matmul(w) + b).sum(); // Σ_j (x w)_j + 2b
        loss.backward();
        using var gw = w.grad!;
        using var gb = b.grad!;
        Assert.Equal(new double[] { 1, 1, -1, -1 }, gw.data<double>()); // ∂/∂w_ij = x_i
        Assert.Equal(new double[] { 2 }, gb.data<double>()); // b broadcast over 2 outputs
    }

    [Fact]
    public void DetachCutsTheGraphButSharesStorage()
    {
        using var x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        using var y = x * 2;
        using var d = y.detach();
        Assert.False(d.requires_grad);
        Assert.True(d.is_leaf);
        Assert.Equal(new double[] { 2, 4 }, d.data<double>());
        using var z = (x * d).sum(); // d is a constant: ∂z/∂x = d
        z.backward();
        using var g = x.grad!;
        Assert.Equal(new double[] { 2, 4 }, g.data<double>());
        d.add_(1); // shares y's storage
        Assert.Equal(new double[] { 3, 5 }, y.data<double>());
    }

    [Fact]
    public void NoGradScopeRecordsNothingAndRestoresTheMode()
    {
        using var x = torch.ones([2], requires_grad: true);
        Assert.True(torch.is_grad_enabled());
        using (torch.no_grad())
        {
            Assert.False(torch.is_grad_enabled());
            using var y = x * 2;
            Assert.False(y.requires_grad);
            using (torch.enable_grad())
            {
                using var z = x * 2;
                Assert.True(z.requires_grad);
            }
            Assert.False(torch.is_grad_enabled());
        }
        Assert.True(torch.is_grad_enabled());
        using var w = x * 2;
        Assert.True(w.requires_grad);
    }

    [Fact]
    public void InferenceModeRecordsNothing()
    {
        using var x = torch.ones([2], requires_grad: true);
        Assert.False(InferenceModeScope.IsEnabled);
        using (torch.inference_mode())
        {
            Assert.True(InferenceModeScope.IsEnabled);
            Assert.False(torch.is_grad_enabled());
            using var y = x * 3;
            Assert.False(y.requires_grad);
            Assert.Equal(new float[] { 3, 3 }, y.data<float>());
        }
        Assert.False(InferenceModeScope.IsEnabled);
        Assert.True(torch.is_grad_enabled());
        using var z = x * 3;
        Assert.True(z.requires_grad);
    }

    [Fact]
    public void GradModeIsPerThread()
    {
        using (torch.no_grad())
        {
            var other = false;
            var t = new Thread(() => other = torch.is_grad_enabled());
            t.Start();
            t.Join();
            Assert.True(other);
            Assert.False(torch.is_grad_enabled());
        }
    }

    [Fact]
    public void RequiresGradOnANonLeafOrIntegerTensorIsAnError()
    {
        using var i = torch.tensor(new long[] { 1 });
        var ex = Assert.Throws<TorchException>(() => i.requires_grad_());
        Assert.Contains("floating point", ex.Message);
        using var x = torch.ones([1], requires_grad: true);
        using var y = x * 2;
        Assert.Throws<TorchException>(() => y.requires_grad_(false));
    }
}
