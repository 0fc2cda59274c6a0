using Halos.Torch;

namespace Halos.Torch.Tests;

public class SmokeTests
{
    [Fact]
    public void AddsTwoVectors()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3 });
        using var b = torch.tensor(new float[] { 10, 20, 30 });
        using var c = a + b * 2;
        Assert.Equal(new float[] { 21, 42, 63 }, c.data<float>());
    }

    [Fact]
    public void MatmulShapeMismatchThrowsAndEngineKeepsWorking()
    {
        using var a = torch.ones(2, 3);
        using var b = torch.ones(4, 5);
        var ex = Assert.Throws<TorchException>(() => a.matmul(b));
        Assert.Contains("cannot be multiplied", ex.Message);
        using var c = a.matmul(torch.ones(3, 2));
        Assert.Equal(new float[] { 3, 3, 3, 3 }, c.data<float>());
    }
}
