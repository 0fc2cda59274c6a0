using Halos.Torch;

namespace Halos.Losses.Tests;

internal static class LossAssert
{
    /// <summary>Every element finite and within <paramref name="relative"/> of the expectation (absolute near 0).</summary>
    public static void Close(IReadOnlyList<double> expected, Tensor? actual, double relative, string what = "losses")
    {
        Assert.NotNull(actual);
        var got = actual!.detach().reshape(-1).to(ScalarType.Float64).data<double>();
        Assert.Equal(expected.Count, got.Length);
        for (var i = 0; i < got.Length; i++)
        {
            Assert.True(double.IsFinite(got[i]), $"{what}[{i}] is {got[i]}");
            var tolerance = relative * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(got[i] - expected[i]) <= tolerance,
                $"{what}[{i}]: expected {expected[i]:R}, got {got[i]:R} (tolerance {tolerance:G3})");
        }
    }

    public static void Close(double expected, Tensor actual, double relative, string what = "value") =>
        Close([expected], actual, relative, what);
}

internal static class T
{
    public static Tensor Of(ScalarType dtype, params double[] values) => torch.tensor(values, values.Length).to(dtype);

    public static Tensor Of(ScalarType dtype, double[,] values) => torch.tensor(values).to(dtype);

    public static Tensor Mask(bool[,] values)
    {
        var flat = new bool[values.Length];
        var k = 0;
        foreach (var v in values) flat[k++] = v;
        return torch.tensor(flat, values.GetLength(0), values.GetLength(1));
    }

    public static Tensor Bools(params bool[] values) => torch.tensor(values, values.Length);
}
