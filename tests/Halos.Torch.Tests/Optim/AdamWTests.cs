using Halos.Torch.Optim;

namespace Halos.Torch.Tests.Optim;

// f(x, y) = x² + 3y from (1, 2): the gradients are (2x, 3), so every step can be followed by hand.
public class AdamWTests
{
    private const double Lr = 0.1, B1 = 0.9, B2 = 0.999, Eps = 1e-8;

    /// <summary>AdamW for one scalar, written out from the paper's Algorithm 2 (decoupled decay).</summary>
    private static double[] Reference(double x0, Func<double, double> grad, double wd, int steps)
    {
        double x = x0, m = 0, v = 0;
        var trace = new double[steps];
        for (var t = 1; t <= steps; t++)
        {
            var g = grad(x);
            x *= 1 - Lr * wd;
            m = B1 * m + (1 - B1) * g;
            v = B2 * v + (1 - B2) * g * g;
            var mHat = m / (1 - Math.Pow(B1, t));
            var vHat = v / (1 - Math.Pow(B2, t));
            x -= Lr * mHat / (Math.Sqrt(vHat) + Eps);
            trace[t - 1] = x;
        }
        return trace;
    }

    private static (double[] xs, double[] ys) Run(double wd)
    {
        using var x = torch.tensor(new double[] { 1.0 }).requires_grad_();
        using var y = torch.tensor(new double[] { 2.0 }).requires_grad_();
        using var opt = new AdamW([x, y], lr: Lr, beta1: B1, beta2: B2, eps: Eps, weight_decay: wd);
        var xs = new double[3];
        var ys = new double[3];
        for (var i = 0; i < 3; i++)
        {
            using var scope = torch.NewDisposeScope();
            var loss = (x * x + 3.0 * y).sum();
            opt.zero_grad();
            loss.backward();
            opt.step();
            xs[i] = x.item<double>();
            ys[i] = y.item<double>();
        }
        return (xs, ys);
    }

    [Fact]
    public void FirstStepMovesEachParameterByTheLearningRate()
    {
        // After one step m̂ = g and v̂ = g², so the update is lr·sign(g) up to eps.
        var (xs, ys) = Run(wd: 0);
        Assert.Equal(0.9, xs[0], 1e-7);
        Assert.Equal(1.9, ys[0], 1e-7);
    }

    [Fact]
    public void ThreeStepsWithoutWeightDecayMatchHandComputation()
    {
        var (xs, ys) = Run(wd: 0);
        var rx = Reference(1.0, x => 2 * x, 0, 3);
        var ry = Reference(2.0, _ => 3, 0, 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(rx[i], xs[i], 1e-12);
            Assert.Equal(ry[i], ys[i], 1e-12);
        }
        // y sees a constant gradient, so each step is exactly lr (up to eps): 1.9, 1.8, 1.7.
        Assert.Equal(1.7, ys[2], 1e-7);
    }

    [Fact]
    public void ThreeStepsWithWeightDecayMatchHandComputation()
    {
        var (xs, ys) = Run(wd: 0.1);
        // Step 1 by hand: decay first (x·0.99), then the Adam step of lr.
        Assert.Equal(0.99 - 0.1, xs[0], 1e-7);
        Assert.Equal(1.98 - 0.1, ys[0], 1e-7);
        var rx = Reference(1.0, x => 2 * x, 0.1, 3);
        var ry = Reference(2.0, _ => 3, 0.1, 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(rx[i], xs[i], 1e-12);
            Assert.Equal(ry[i], ys[i], 1e-12);
        }
    }

    [Fact]
    public void ParameterGroupsKeepTheirOwnLearningRateAndDecay()
    {
        using var a = torch.tensor(new double[] { 1.0 }).requires_grad_();
        using var b = torch.tensor(new double[] { 1.0 }).requires_grad_();
        using var opt = new AdamW([new ParamGroup([a]), new ParamGroup([b], learningRate: 0.01, weightDecay: 0)], lr: 0.1, weight_decay: 0.5);
        using (torch.NewDisposeScope())
        {
            (a + b).sum().backward();
        }
        opt.step();
        Assert.Equal(1.0 * (1 - 0.1 * 0.5) - 0.1, a.item<double>(), 1e-7);
        Assert.Equal(1.0 - 0.01, b.item<double>(), 1e-7);
    }

    [Fact]
    public void StateRoundTripResumesExactly()
    {
        static (Tensor w, AdamW opt) Make()
        {
            var w = torch.tensor(new double[] { 0.5, -1.5 }).requires_grad_();
            return (w, new AdamW([w], lr: 0.05));
        }
        static void Step(Tensor w, AdamW opt)
        {
            using var scope = torch.NewDisposeScope();
            opt.zero_grad();
            (w * w * w).sum().backward();
            opt.step();
        }

        var (w1, o1) = Make();
        for (var i = 0; i < 5; i++) Step(w1, o1);

        var (w2, o2) = Make();
        for (var i = 0; i < 2; i++) Step(w2, o2);
        var saved = o2.state_dict();
        var (w3, o3) = Make();
        using (torch.no_grad()) w3.copy_(w2);
        o3.load_state_dict(saved);
        foreach (var t in saved.Tensors.Values) t.Dispose();
        for (var i = 0; i < 3; i++) Step(w3, o3);

        Assert.Equal(w1.data<double>(), w3.data<double>());
        Assert.Equal(5, o3.StepOf(w3));
        foreach (var d in new IDisposable[] { w1, o1, w2, o2, w3, o3 }) d.Dispose();
    }
}

public class FusedAdamWTests
{
    [Fact]
    public void Float32FusedKernelMatchesTheFloat64UnfusedPath()
    {
        // float32 CPU tensors take the shim's fused loop; float64 ones the ATen op sequence.
        torch.manual_seed(7);
        using var init = torch.randn([1000], ScalarType.Float64);
        using var target = torch.randn([1000], ScalarType.Float64);
        using var w32 = init.to(ScalarType.Float32).requires_grad_();
        using var w64 = init.clone().requires_grad_();
        using var t32 = target.to(ScalarType.Float32);
        using var o32 = new Halos.Torch.Optim.AdamW([w32], lr: 0.01, weight_decay: 0.1);
        using var o64 = new Halos.Torch.Optim.AdamW([w64], lr: 0.01, weight_decay: 0.1);
        for (var i = 0; i < 10; i++)
        {
            using var scope = torch.NewDisposeScope();
            o32.zero_grad();
            o64.zero_grad();
            ((w32 - t32).pow(2L).sum()).backward();
            ((w64 - target).pow(2L).sum()).backward();
            o32.step();
            o64.step();
        }
        var a = w32.data<float>();
        var b = w64.data<double>();
        for (var i = 0; i < a.Length; i++) Assert.Equal(b[i], a[i], 1e-5);
        // And the parameters really moved: ten steps of about lr each.
        Assert.True(Math.Abs(a[0] - init.data<double>()[0]) > 0.05);
    }
}
