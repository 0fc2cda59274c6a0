using Halos.Torch;
using static Halos.Torch.Tests.Ops.TensorAssert;

namespace Halos.Torch.Tests.Ops;

// PyTorch docs: "Random sampling" and "Sorting" (topk, sort, multinomial, randint, randperm).
[Collection(TorchGlobalStateCollection.Name)]
public class SamplingTests
{
    [Fact]
    public void TopkLargestAndSmallest()
    {
        using var x = torch.tensor(new float[] { 3, 9, 1, 7, /* row 1 */ -1, -5, 4, 0 }, 2, 4);
        var (v, i) = x.topk(2);
        using (v) using (i)
        {
            Shape(v, 2, 2);
            Assert.Equal(new float[] { 9, 7, 4, 0 }, v.data<float>());
            Assert.Equal(new long[] { 1, 3, 2, 3 }, i.data<long>());
        }
        var (sv, si) = torch.topk(x, 1, largest: false);
        using (sv) using (si)
        {
            Assert.Equal(new float[] { 1, -5 }, sv.data<float>());
            Assert.Equal(new long[] { 2, 1 }, si.data<long>());
        }
        var (cv, ci) = x.topk(1, dim: 0);
        using (cv) using (ci)
        {
            Assert.Equal(new float[] { 3, 9, 4, 7 }, cv.data<float>());
            Assert.Equal(new long[] { 0, 0, 1, 0 }, ci.data<long>());
        }
        Assert.Throws<TorchException>(() => x.topk(5));
    }

    [Fact]
    public void SortAscendingDescendingAndArgsort()
    {
        using var x = torch.tensor(new double[] { 2.5, -1, 7, 0 });
        var (v, i) = x.sort();
        using (v) using (i)
        {
            Assert.Equal(new double[] { -1, 0, 2.5, 7 }, v.data<double>());
            Assert.Equal(new long[] { 1, 3, 0, 2 }, i.data<long>());
        }
        var (dv, di) = torch.sort(x, descending: true);
        using (dv) using (di)
        {
            Assert.Equal(new double[] { 7, 2.5, 0, -1 }, dv.data<double>());
            Assert.Equal(new long[] { 2, 0, 3, 1 }, di.data<long>());
        }
        using var arg = x.argsort(descending: true);
        Assert.Equal(new long[] { 2, 0, 3, 1 }, arg.data<long>());

        // A stable sort keeps equal keys in their original order.
        using var ties = torch.tensor(new long[] { 1, 0, 1, 0, 1 });
        var (_, ti) = ties.sort(stable: true);
        using (ti) Assert.Equal(new long[] { 1, 3, 0, 2, 4 }, ti.data<long>());
    }

    [Fact]
    public void MultinomialOneHotRowsAlwaysGiveTheirIndex()
    {
        torch.manual_seed(2024);
        using var probs = torch.tensor(new float[] { 0, 0, 1, 0, /* row 1 */ 1, 0, 0, 0, /* row 2 */ 0, 0, 0, 5 }, 3, 4);
        for (var trial = 0; trial < 20; trial++)
        {
            using var s = probs.multinomial(4, replacement: true);
            Shape(s, 3, 4);
            Assert.Equal(new long[] { 2, 2, 2, 2, 0, 0, 0, 0, 3, 3, 3, 3 }, s.data<long>());
        }
    }

    [Fact]
    public void MultinomialIsSeededAndFollowsTheProbabilities()
    {
        using var probs = torch.tensor(new double[] { 0.1, 0, 0.6, 0.3 });
        torch.manual_seed(8);
        using var a = torch.multinomial(probs, 50_000, replacement: true);
        torch.manual_seed(8);
        using var b = probs.multinomial(50_000, replacement: true);
        var s = a.data<long>();
        Assert.Equal(s, b.data<long>());
        Assert.DoesNotContain(1L, s); // zero probability is never drawn
        Assert.InRange(s.Count(x => x == 0) / 50_000.0, 0.09, 0.11);
        Assert.InRange(s.Count(x => x == 2) / 50_000.0, 0.59, 0.61);
        Assert.InRange(s.Count(x => x == 3) / 50_000.0, 0.29, 0.31);

        // Without replacement each index appears at most once.
        torch.manual_seed(9);
        using var w = torch.tensor(new float[] { 1, 1, 1, 1, 1 });
        using var perm = w.multinomial(5);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, perm.data<long>().OrderBy(x => x).ToArray());
        Assert.Throws<TorchException>(() => w.multinomial(6));
    }

    [Fact]
    public void RandintAndRandperm()
    {
        torch.manual_seed(1);
        using var r = torch.randint(-3, 4, [10_000]);
        Assert.Equal(ScalarType.Int64, r.dtype);
        var v = r.data<long>();
        Assert.All(v, x => Assert.InRange(x, -3, 3));
        Assert.Equal(7, v.Distinct().Count());
        using var p = torch.randperm(10);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i).ToArray(), p.data<long>().OrderBy(x => x).ToArray());
        torch.manual_seed(1);
        using var r2 = torch.randint(-3, 4, [10_000]);
        Assert.Equal(v, r2.data<long>());
    }

    [Fact]
    public void InPlaceRandomFills()
    {
        torch.manual_seed(4);
        using var u = torch.empty(50_000).uniform_(-2, 2);
        var uv = u.data<float>();
        Assert.All(uv, x => Assert.InRange(x, -2f, 2f));
        Assert.InRange(uv.Average(x => (double)x), -0.03, 0.03);
        using var n = torch.empty([50_000], ScalarType.Float64).normal_(5, 0.5);
        var nv = n.data<double>();
        Assert.InRange(nv.Average(), 4.99, 5.01);
        using var b = torch.zeros(50_000).bernoulli_(0.25);
        Assert.InRange(b.data<float>().Average(x => (double)x), 0.24, 0.26);
    }

    [Fact]
    public void ThreadCountCanBeSetAndRead()
    {
        var before = torch.get_num_threads();
        Assert.True(before >= 1);
        try
        {
            torch.set_num_threads(2);
            Assert.Equal(2, torch.get_num_threads());
            torch.set_num_threads(1);
            Assert.Equal(1, torch.get_num_threads());
            using var a = torch.ones(64, 64);
            using var c = a.matmul(a); // still computes single-threaded
            Assert.Equal(64f, c[0][0].item<float>());
        }
        finally
        {
            torch.set_num_threads(before);
        }
        Assert.Equal(before, torch.get_num_threads());
        Assert.Throws<ArgumentOutOfRangeException>(() => torch.set_num_threads(0));
    }

    [Fact]
    public void RuntimeReportsItsVersion()
    {
        Assert.Matches(@"^\d+\.\d+", torch.version);
        Assert.False(string.IsNullOrWhiteSpace(torch.build_config));
    }
}
