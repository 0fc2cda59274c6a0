using Halos.Abstractions.Losses;
using Halos.Losses.Inputs;
using Halos.Losses.Scripting;
using Halos.Torch;

namespace Halos.Losses.Checking;

/// <summary>One input's gradient: its norm, and how far central differences are from autograd.</summary>
public sealed record InputGradient(string Input, double Norm, double MaxAbsError, int Probes, bool Passed);

public sealed record GradientCheckReport(double Loss, IReadOnlyList<InputGradient> Gradients, IReadOnlyList<string> NonFinite)
{
    public bool Passed => NonFinite.Count == 0 && Gradients.All(g => g.Passed);
}

/// <summary>
/// Compares autograd's gradient of Σ wᵢ·lossᵢ (random weights, so every example's loss is tested,
/// not only their sum) with central differences, on a few elements of each float input the
/// script reads. Terms passed through stop_gradient are held at their first value while differencing.
/// Works in float64: h = 1e-6 leaves errors near 1e-9, far inside the tolerance.
/// </summary>
public static class GradientCheck
{
    public const double Step = 1e-6, AbsoluteTolerance = 1e-6, RelativeTolerance = 1e-4;

    public static GradientCheckReport Run(LossScript script, LossInputs inputs, int probesPerInput = 4, int seed = 0)
    {
        using var scope = torch.NewDisposeScope();
        using var tape = new StopGradientTape();
        var named = InputCatalog.ToDictionary(inputs);
        var leaves = named.Where(kv => kv.Value.requires_grad).ToList();
        var nonFinite = new List<string>();

        var result = script.Compute(inputs, tape);
        var batch = result.Losses.size(0);
        var random = new Random(seed);
        var weights = torch.tensor(Enumerable.Range(0, (int)batch).Select(_ => 0.5 + random.NextDouble()).ToArray(), batch)
            .to(result.Losses.dtype);
        var objective = (result.Losses * weights).sum();
        var loss = result.Losses.detach().mean().to(ScalarType.Float64).item<double>();

        CheckFinite("losses", result.Losses, nonFinite);
        if (result.ChosenRewards is { } cr) CheckFinite("chosen rewards", cr, nonFinite);
        if (result.RejectedRewards is { } rr) CheckFinite("rejected rewards", rr, nonFinite);
        foreach (var (k, v) in result.Metrics) CheckFinite($"metric {k}", v, nonFinite);
        if (leaves.Count == 0 || !objective.requires_grad) return new GradientCheckReport(loss, [], nonFinite);

        objective.backward();
        tape.Rewind();
        var gradients = new List<InputGradient>();
        foreach (var (name, leaf) in leaves)
        {
            var grad = leaf.grad?.detach().clone() ?? torch.zeros_like(leaf);
            CheckFinite($"gradient of {name}", grad, nonFinite);
            var flatGrad = grad.reshape(-1).to(ScalarType.Float64).data<double>();
            var count = (int)leaf.numel();
            var probes = Enumerable.Range(0, count).OrderBy(_ => random.Next()).Take(probesPerInput).ToList();
            double maxError = 0;
            var passed = true;
            foreach (var i in probes)
            {
                var numeric = Difference(script, inputs, tape, weights, leaf, i);
                var analytic = flatGrad[i];
                var error = Math.Abs(numeric - analytic);
                maxError = Math.Max(maxError, error);
                if (!(error <= AbsoluteTolerance + RelativeTolerance * Math.Max(Math.Abs(numeric), Math.Abs(analytic)))) passed = false;
            }
            gradients.Add(new InputGradient(name, grad.norm().to(ScalarType.Float64).item<double>(), maxError, probes.Count, passed));
        }
        return new GradientCheckReport(loss, gradients, nonFinite);
    }

    private static double Difference(LossScript script, LossInputs inputs, StopGradientTape tape, Tensor weights, Tensor leaf, int index)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var element = leaf.view(-1)[index];
        var original = element.item<double>();
        double Evaluate(double shift)
        {
            element.fill_(original + shift);
            tape.Rewind();
            var value = (script.Compute(inputs, tape).Losses * weights).sum().to(ScalarType.Float64).item<double>();
            element.fill_(original);
            return value;
        }
        return (Evaluate(Step) - Evaluate(-Step)) / (2 * Step);
    }

    private static void CheckFinite(string what, Tensor t, List<string> problems)
    {
        if (t.numel() == 0 || !t.dtype.IsFloatingPoint()) return;
        if (!t.detach().isfinite().all().item<bool>()) problems.Add($"{what} has NaN or Inf");
    }
}
