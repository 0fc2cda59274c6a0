namespace Halos.Losses.Tests;

/// <summary>Hand-computed expectations in double precision, with the numerically stable forms of each function.</summary>
internal static class Scalar
{
    public static double LogSigmoid(double x) => x >= 0 ? -Math.Log(1 + Math.Exp(-x)) : x - Math.Log(1 + Math.Exp(x));
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
    public static double Relu(double x) => Math.Max(0, x);

    /// <summary>log(1 − eˣ) for x &lt; 0.</summary>
    public static double Log1mExp(double x) => x > -Math.Log(2) ? Math.Log(-(Math.Exp(x) - 1)) : Math.Log(1 - Math.Exp(x));

    public static double LogSumExp(IEnumerable<double> xs)
    {
        var list = xs.ToList();
        var max = list.Max();
        return max + Math.Log(list.Sum(x => Math.Exp(x - max)));
    }
}
