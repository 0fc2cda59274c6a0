using Halos.Torch;

namespace Halos.Torch.Tests.Ops;

/// <summary>Reads tensors back into .NET doubles and compares them with hand-computed values.</summary>
internal static class TensorAssert
{
    /// <summary>Every element as a double (exact for every dtype the tests use).</summary>
    public static double[] Values(Tensor t)
    {
        using var d = t.to(ScalarType.Float64);
        return d.data<double>();
    }

    public static long[] Longs(Tensor t)
    {
        using var d = t.to(ScalarType.Int64);
        return d.data<long>();
    }

    public static bool[] Bools(Tensor t)
    {
        Assert.Equal(ScalarType.Bool, t.dtype);
        return t.data<bool>();
    }

    public static void Shape(Tensor t, params long[] expected) => Assert.Equal(expected, t.shape);

    /// <summary>|actual - expected| ≤ atol + rtol·|expected| elementwise, with the index in the failure message.</summary>
    public static void Close(double[] expected, Tensor actual, double atol, double rtol = 0)
    {
        var got = Values(actual);
        Close(expected, got, atol, rtol);
    }

    public static void Close(double[] expected, double[] got, double atol, double rtol = 0)
    {
        Assert.Equal(expected.Length, got.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var g = got[i];
            if (double.IsNaN(e)) { Assert.True(double.IsNaN(g), $"element {i}: expected NaN, got {g}"); continue; }
            if (double.IsInfinity(e)) { Assert.True(e == g, $"element {i}: expected {e}, got {g}"); continue; }
            Assert.True(Math.Abs(g - e) <= atol + rtol * Math.Abs(e),
                $"element {i}: expected {e:R}, got {g:R} (|diff| {Math.Abs(g - e):E3} > atol {atol:E1} + rtol {rtol:E1})");
        }
    }

    public static void Close(double expected, double got, double atol) => Close([expected], [got], atol);

    /// <summary>Scalar formula helpers written out in doubles, so expected values never come from the op under test.</summary>
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    public static double LogSigmoid(double x) => x >= 0 ? -Math.Log(1 + Math.Exp(-x)) : x - Math.Log(1 + Math.Exp(x));

    /// <summary>erf: Maclaurin series below 2, else 1 - erfc; .NET has no Math.Erf.</summary>
    public static double Erf(double x) => x < 0 ? -Erf(-x) : x < 2 ? ErfSeries(x) : 1 - Erfc(x);

    /// <summary>erfc with full relative precision in the tail: the Laplace continued fraction above 2.</summary>
    public static double Erfc(double x)
    {
        if (x < 0) return 2 - Erfc(-x);
        if (x < 2) return 1 - ErfSeries(x);
        // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated from the tail.
        var f = x;
        for (var k = 300; k >= 1; k--) f = x + k / 2.0 / f;
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }

    private static double ErfSeries(double x)
    {
        double sum = 0, term = x; // term = (-1)^n x^(2n+1) / n!
        for (var n = 0; n < 60; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    /// <summary>Exact GELU x·Φ(x), written with erfc so large negative x keeps its relative precision.</summary>
    public static double Gelu(double x) => x * 0.5 * Erfc(-x / Math.Sqrt(2));

    public static double[] LogSoftmax(double[] row)
    {
        var m = row.Max();
        var lse = m + Math.Log(row.Sum(v => Math.Exp(v - m)));
        return row.Select(v => v - lse).ToArray();
    }

    public static double[] Softmax(double[] row) => LogSoftmax(row).Select(Math.Exp).ToArray();
}

/// <summary>
/// Tests that seed or draw from libtorch's process-wide generator, or change its thread count.
/// They run alone, so a parallel test drawing random numbers cannot shift a seeded sequence.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalStateCollection
{
    public const string Name = "Torch global state";
}
