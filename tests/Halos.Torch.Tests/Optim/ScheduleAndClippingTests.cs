using Halos.Torch.Optim;

namespace Halos.Torch.Tests.Optim;

public class ScheduleAndClippingTests
{
    [Theory]
    [InlineData(ScheduleShape.Cosine, 0, 0.0)]
    [InlineData(ScheduleShape.Cosine, 5, 0.5)]
    [InlineData(ScheduleShape.Cosine, 10, 1.0)]
    [InlineData(ScheduleShape.Cosine, 60, 0.5)]     // halfway through the decay: (1 + cos(π/2)) / 2
    [InlineData(ScheduleShape.Cosine, 110, 0.0)]
    [InlineData(ScheduleShape.Linear, 35, 0.75)]    // a quarter of the way down
    [InlineData(ScheduleShape.Linear, 110, 0.0)]
    [InlineData(ScheduleShape.Constant, 3, 0.3)]
    [InlineData(ScheduleShape.Constant, 1000, 1.0)]
    public void WarmupThenDecayFollowsTheClosedForm(ScheduleShape shape, long step, double expected)
    {
        var s = new LearningRateSchedule(shape, warmupSteps: 10, totalSteps: 110);
        Assert.Equal(expected, s.Factor(step), 12);
    }

    [Fact]
    public void ScheduleSetsEveryGroupFromItsInitialRate()
    {
        using var a = torch.zeros([1], requires_grad: true);
        using var b = torch.zeros([1], requires_grad: true);
        using var opt = new SGD([new ParamGroup([a]), new ParamGroup([b], learningRate: 2.0)], lr: 1.0);
        new LearningRateSchedule(ScheduleShape.Linear, 0, 100).Apply(opt, 25);
        Assert.Equal(0.75, opt.param_groups[0].LearningRate, 12);
        Assert.Equal(1.5, opt.param_groups[1].LearningRate, 12);
    }

    [Fact]
    public void ClipReturnsThePreClipNormAndScalesToTheMaximum()
    {
        using var a = torch.tensor(new float[] { 3, 0 }).requires_grad_();
        using var b = torch.tensor(new float[] { 0, 4 }).requires_grad_();
        using (torch.NewDisposeScope())
        {
            // Gradients are 2a and 2b: (6, 0) and (0, 8), total norm 10.
            ((a * a).sum() + (b * b).sum()).backward();
        }
        var norm = GradientClipping.clip_grad_norm_([a, b], maxNorm: 5);
        Assert.Equal(10.0, norm, 5);
        using var ga = a.grad!;
        using var gb = b.grad!;
        Assert.Equal(3.0, ga.data<float>()[0], 4);
        Assert.Equal(4.0, gb.data<float>()[1], 4);
    }

    [Fact]
    public void ClipLeavesSmallGradientsAlone()
    {
        using var a = torch.tensor(new float[] { 0.1f }).requires_grad_();
        using (torch.NewDisposeScope()) (a * 1.0).sum().backward();
        var norm = GradientClipping.clip_grad_norm_([a], maxNorm: 5);
        Assert.Equal(1.0, norm, 6);
        using var g = a.grad!;
        Assert.Equal(1.0f, g.item<float>());
    }

    [Fact]
    public void SgdWithMomentumMatchesHandComputation()
    {
        using var w = torch.tensor(new double[] { 1.0 }).requires_grad_();
        using var opt = new SGD([w], lr: 0.1, momentum: 0.9);
        double[] expected = [1 - 0.1 * 2, 0, 0];
        // Step 2: g = 2·0.8 = 1.6, buf = 0.9·2 + 1.6 = 3.4, w = 0.8 - 0.34 = 0.46.
        expected[1] = 0.46;
        // Step 3: g = 0.92, buf = 0.9·3.4 + 0.92 = 3.98, w = 0.46 - 0.398 = 0.062.
        expected[2] = 0.062;
        for (var i = 0; i < 3; i++)
        {
            using (torch.NewDisposeScope())
            {
                opt.zero_grad();
                (w * w).sum().backward();
            }
            opt.step();
            Assert.Equal(expected[i], w.item<double>(), 12);
        }
    }
}
