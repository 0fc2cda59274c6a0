using Halos.Torch;

namespace Halos.Torch.Tests.Ops;

// libtorch errors surface as TorchException with libtorch's own message, and never take the process down.
public class ErrorTests
{
    private static void EngineStillWorks()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var c = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, c.data<float>());
    }

    [Fact]
    public void MatmulShapeMismatch()
    {
        using var a = torch.ones(2, 3);
        using var b = torch.ones(4, 5);
        var ex = Assert.Throws<TorchException>(() => a.matmul(b));
        Assert.Contains("cannot be multiplied", ex.Message);
        Assert.Contains("2x3 and 4x5", ex.Message);
        Assert.DoesNotContain("Exception raised from", ex.Message); // no C++ backtrace in the message
        EngineStillWorks();
    }

    [Fact]
    public void BadViewShape()
    {
        using var x = torch.ones(6);
        var ex = Assert.Throws<TorchException>(() => x.view(4, 2));
        Assert.Contains("shape '[4, 2]' is invalid for input of size 6", ex.Message);
        EngineStillWorks();
    }

    [Fact]
    public void IndexOutOfRange()
    {
        using var x = torch.ones(3, 2);
        var sel = Assert.Throws<TorchException>(() => x.select(0, 5));
        Assert.Matches("index 5 (is )?out of (range|bounds)", sel.Message); // wording differs across libtorch versions
        Assert.Contains("3", sel.Message);
        using var idx = torch.tensor(new long[] { 0, 7 });
        var isel = Assert.Throws<TorchException>(() => x.index_select(0, idx));
        Assert.Contains("out of range", isel.Message);
        using var gi = torch.tensor(new long[] { 2, 0 }, 2, 1);
        var g = Assert.Throws<TorchException>(() => x.gather(1, gi));
        Assert.Contains("out of bounds", g.Message);
        Assert.Throws<TorchException>(() => x.narrow(1, 1, 5));
        var dim = Assert.Throws<TorchException>(() => x.sum(2));
        Assert.Contains("Dimension out of range", dim.Message);
        EngineStillWorks();
    }

    [Fact]
    public void CatOfMismatchedShapes()
    {
        using var a = torch.ones(2, 3);
        using var b = torch.ones(2, 4);
        var ex = Assert.Throws<TorchException>(() => torch.cat([a, b]));
        Assert.Contains("Sizes of tensors must match except in dimension 0", ex.Message);
        using var ok = torch.cat([a, b], 1); // the same pair joins along the other dim
        Assert.Equal(new long[] { 2, 7 }, ok.shape);
        var st = Assert.Throws<TorchException>(() => torch.stack([a, b]));
        Assert.Contains("stack expects each tensor to be equal size", st.Message);
    }

    [Fact]
    public void BroadcastAndDtypeMismatches()
    {
        using var a = torch.ones(3);
        using var b = torch.ones(4);
        var ex = Assert.Throws<TorchException>(() => a + b);
        Assert.Contains("The size of tensor a (3) must match the size of tensor b (4)", ex.Message);
        using var i = torch.tensor(new long[] { 1, 2, 3 });
        var mm = Assert.Throws<TorchException>(() => a.dot(i));
        Assert.Contains("dtype", mm.Message);
        EngineStillWorks();
    }

    [Fact]
    public void LossTargetOutOfBounds()
    {
        using var logits = torch.zeros(2, 3);
        using var t = torch.tensor(new long[] { 0, 3 });
        var ex = Assert.Throws<TorchException>(() => F.cross_entropy(logits, t));
        Assert.Contains("out of bounds", ex.Message);
        EngineStillWorks();
    }

    [Fact]
    public void ManyFailuresInARowLeaveTheEngineHealthy()
    {
        using var a = torch.ones(2, 3);
        for (var i = 0; i < 2000; i++)
            Assert.Throws<TorchException>(() => a.view(7));
        EngineStillWorks();
    }

    [Fact]
    public void EachThreadSeesItsOwnError()
    {
        // The shim's error slot is thread-local: concurrent failures keep their own messages.
        var messages = new string[8];
        var threads = Enumerable.Range(0, 8).Select(k => new Thread(() =>
        {
            using var x = torch.ones(k + 1);
            for (var rep = 0; rep < 200; rep++)
            {
                try { x.view(k + 2); }
                catch (TorchException e) { messages[k] = e.Message; }
                if (!messages[k].Contains($"invalid for input of size {k + 1}")) return;
            }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        for (var k = 0; k < 8; k++)
            Assert.Contains($"shape '[{k + 2}]' is invalid for input of size {k + 1}", messages[k]);
    }

    [Fact]
    public void ManagedArgumentChecksComeBeforeTheNativeCall()
    {
        using var x = torch.ones(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.split(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.chunk(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.size(3));
        Assert.Throws<ArgumentException>(() => x.roll([1, 2], [0]));
    }
}
