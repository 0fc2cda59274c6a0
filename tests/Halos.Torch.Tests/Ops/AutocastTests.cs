namespace Halos.Torch.Tests.Ops;

public class AutocastTests
{
    [Fact]
    public void MatmulRunsInBfloat16InsideTheScopeAndFloat32Outside()
    {
        using var a = torch.ones(4, 4);
        using var b = torch.ones(4, 4);
        using (torch.autocast(Device.CPU, ScalarType.BFloat16))
        {
            using var inside = a.matmul(b);
            Assert.Equal(ScalarType.BFloat16, inside.dtype);
            Assert.Equal(4.0, inside.to(ScalarType.Float32).max().item<float>());
            // Pointwise ops are not autocast: they keep their inputs' dtype.
            using var sum = a + b;
            Assert.Equal(ScalarType.Float32, sum.dtype);
        }
        using var outside = a.matmul(b);
        Assert.Equal(ScalarType.Float32, outside.dtype);
    }

    [Fact]
    public void GradientsFlowToFloat32ParametersThroughAutocastOps()
    {
        using var w = torch.ones([3, 2]).requires_grad_();
        using var x = torch.ones(1, 2);
        using (torch.NewDisposeScope())
        {
            Tensor y;
            using (torch.autocast(Device.CPU)) y = F.linear(x, w);
            Assert.Equal(ScalarType.BFloat16, y.dtype);
            y.@float().sum().backward();
        }
        using var g = w.grad!;
        Assert.Equal(ScalarType.Float32, g.dtype);
        Assert.All(g.data<float>(), v => Assert.Equal(1f, v));
    }
}
