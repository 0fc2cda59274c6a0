using Halos.Torch;

namespace Halos.Torch.Tests.GradCheck;

/// <summary>
/// Compares autograd's gradient with central finite differences, in float64.
/// The function's output is reduced to a scalar by a fixed random projection Σ wᵢ yᵢ, so every
/// output element contributes and a wrong gradient for any one of them shows.
/// </summary>
internal static class GradientChecker
{
    public sealed record Input(double[] Values, long[] Shape);

    public static Input In(double[] values, params long[] shape) => new(values, shape.Length == 0 ? [values.Length] : shape);

    /// <summary>Deterministic values in [lo, hi) from a seeded .NET generator (never libtorch's).</summary>
    public static double[] Uniform(int seed, int n, double lo = -1, double hi = 1)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * rng.NextDouble()).ToArray();
    }

    /// <summary>The largest |analytic - numeric| / (atol + rtol·|numeric|) over every input element; ≤ 1 passes.</summary>
    public static double WorstRatio(Func<Tensor[], Tensor> f, Input[] inputs, double h = 1e-6, double atol = 1e-6, double rtol = 1e-5,
        bool[]? differentiable = null)
    {
        differentiable ??= inputs.Select(_ => true).ToArray();
        using var scope = torch.NewDisposeScope();

        // Analytic: one backward pass of Σ w·f(x).
        var xs = inputs.Select((inp, i) =>
        {
            var t = torch.tensor(inp.Values, inp.Shape);
            return differentiable[i] ? t.requires_grad_() : t;
        }).ToArray();
        var y = f(xs);
        Assert.Equal(ScalarType.Float64, y.dtype);
        var w = torch.tensor(Uniform(12345, (int)y.numel(), 0.5, 1.5), y.shape);
        (y * w).sum().backward();
        var analytic = xs.Select((x, i) => differentiable[i] ? x.grad!.data<double>() : null).ToArray();
        var weights = w.data<double>();

        double Objective(Input[] ins)
        {
            using var s = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var ts = ins.Select(inp => torch.tensor(inp.Values, inp.Shape)).ToArray();
            var o = f(ts).data<double>();
            double sum = 0;
            for (var i = 0; i < o.Length; i++) sum += o[i] * weights[i];
            return sum;
        }

        var worst = 0.0;
        for (var i = 0; i < inputs.Length; i++)
        {
            if (!differentiable[i]) continue;
            for (var j = 0; j < inputs[i].Values.Length; j++)
            {
                var plus = Perturb(inputs, i, j, +h);
                var minus = Perturb(inputs, i, j, -h);
                var numeric = (Objective(plus) - Objective(minus)) / (2 * h);
                var ratio = Math.Abs(analytic[i]![j] - numeric) / (atol + rtol * Math.Abs(numeric));
                worst = Math.Max(worst, ratio);
            }
        }
        return worst;
    }

    /// <summary>Asserts the gradients agree, naming the worst ratio on failure.</summary>
    public static void Check(Func<Tensor[], Tensor> f, params Input[] inputs) => Check(f, inputs, null);

    public static void Check(Func<Tensor[], Tensor> f, Input[] inputs, bool[]? differentiable, double atol = 1e-6, double rtol = 1e-5)
    {
        var worst = WorstRatio(f, inputs, atol: atol, rtol: rtol, differentiable: differentiable);
        Assert.True(worst <= 1, $"autograd and finite differences disagree: worst |Δ|/(atol + rtol|num|) = {worst:G4}");
    }

    private static Input[] Perturb(Input[] inputs, int which, int index, double delta)
    {
        var copy = inputs.Select(x => x with { Values = (double[])x.Values.Clone() }).ToArray();
        copy[which].Values[index] += delta;
        return copy;
    }
}
