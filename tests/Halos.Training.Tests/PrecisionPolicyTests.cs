using Halos.Torch;
using Halos.Training.Precision;

namespace Halos.Training.Tests;

public class PrecisionPolicyTests
{
    [Fact]
    public void AutoKeepsFloat32OnTheCpu()
    {
        var warnings = new List<string>();
        var policy = PrecisionPolicy.Resolve("auto", Device.CPU, warnings.Add);
        Assert.Null(policy.AutocastType);
        using var a = torch.ones(2, 2);
        using (policy.Forward())
        using (var y = a.matmul(a))
            Assert.Equal(ScalarType.Float32, y.dtype);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Bfloat16AutocastsTheForwardAndSaysItIsSlowOnCpus()
    {
        var warnings = new List<string>();
        var policy = PrecisionPolicy.Resolve("bfloat16", Device.CPU, warnings.Add);
        Assert.Equal(ScalarType.BFloat16, policy.AutocastType);
        using var a = torch.ones(2, 2);
        using (policy.Forward())
        using (var y = a.matmul(a))
            Assert.Equal(ScalarType.BFloat16, y.dtype);
        using (var after = a.matmul(a))
            Assert.Equal(ScalarType.Float32, after.dtype);
        Assert.Contains("slower", Assert.Single(warnings));
    }

    [Fact]
    public void AnUnknownPrecisionNamesTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => PrecisionPolicy.Resolve("fp8", Device.CPU, _ => { }));
        Assert.Contains("Training:LoopOptions:Precision", ex.Message);
    }
}
