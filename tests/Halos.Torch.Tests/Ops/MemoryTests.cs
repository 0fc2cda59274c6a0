using Halos.Torch;

namespace Halos.Torch.Tests.Ops;

// Dispose scopes and tensor lifetime (TorchSharp's NewDisposeScope is the model).
public class MemoryTests
{
    [Fact]
    public void AScopeFreesEveryTensorCreatedInside()
    {
        using var outside = torch.ones(3);
        Tensor a, b, c;
        Tensor[] parts;
        (Tensor, Tensor) maxPair;
        using (var scope = torch.NewDisposeScope())
        {
            Assert.Same(scope, DisposeScope.Current);
            a = outside * 2;
            b = a.exp();
            c = b[0];
            parts = b.split(1);
            maxPair = b.max(0);
            Assert.Equal(3 + parts.Length + 2, scope.Count);
            Assert.False(a.IsDisposed);
        }
        Assert.Null(DisposeScope.Current);
        Assert.True(a.IsDisposed);
        Assert.True(b.IsDisposed);
        Assert.True(c.IsDisposed);
        Assert.All(parts, p => Assert.True(p.IsDisposed));
        Assert.True(maxPair.Item1.IsDisposed);
        Assert.True(maxPair.Item2.IsDisposed);
        Assert.False(outside.IsDisposed); // made before the scope: not the scope's
        Assert.Equal(new float[] { 1, 1, 1 }, outside.data<float>());
    }

    [Fact]
    public void MoveToOuterKeepsOneAlive()
    {
        Tensor kept, temp;
        using (var scope = torch.NewDisposeScope())
        {
            using var x = torch.tensor(new float[] { 1, 2 });
            temp = x + 1;
            kept = scope.MoveToOuter(temp * 10);
        }
        Assert.True(temp.IsDisposed);
        Assert.False(kept.IsDisposed);
        Assert.Same(kept, kept.MoveToOuterDisposeScope()); // an unscoped tensor stays as it is
        Assert.Equal(new float[] { 20, 30 }, kept.data<float>());
        kept.Dispose();
        Assert.True(kept.IsDisposed);
    }

    [Fact]
    public void NestedScopesHandTensorsOutward()
    {
        Tensor inner, movedOnce, movedTwice, outerTemp;
        using (var outer = torch.NewDisposeScope())
        {
            outerTemp = torch.zeros(1);
            using (var mid = torch.NewDisposeScope())
            {
                Assert.Same(outer, mid.Outer);
                inner = torch.ones(1);
                movedOnce = torch.full([1], 2).MoveToOuterDisposeScope();
                movedTwice = torch.full([1], 3);
                mid.MoveToOuter(movedTwice);
                Assert.Equal(1, mid.Count);
            }
            Assert.Same(outer, DisposeScope.Current);
            Assert.True(inner.IsDisposed);
            Assert.False(movedOnce.IsDisposed); // now owned by the outer scope
            Assert.Equal(3f, movedTwice.item<float>());
            outer.MoveToOuter(movedTwice);
            Assert.Throws<InvalidOperationException>(() => outer.MoveToOuter(inner)); // not the outer scope's
        }
        Assert.True(outerTemp.IsDisposed);
        Assert.True(movedOnce.IsDisposed);
        Assert.False(movedTwice.IsDisposed); // moved past the outermost scope: the caller owns it
        movedTwice.Dispose();
    }

    [Fact]
    public void DetachFromDisposeScopeSurvivesEveryScope()
    {
        Tensor t;
        using (torch.NewDisposeScope())
        using (torch.NewDisposeScope())
        {
            t = torch.ones(2).DetachFromDisposeScope();
        }
        Assert.False(t.IsDisposed);
        Assert.Equal(2f, t.sum().item<float>());
        t.Dispose();
    }

    [Fact]
    public void DisposingATensorEarlyInsideAScopeIsFine()
    {
        using (var scope = torch.NewDisposeScope())
        {
            var a = torch.ones(2);
            a.Dispose();
            a.Dispose(); // twice: still fine
            Assert.True(a.IsDisposed);
        } // the scope's own dispose of a is a no-op
    }

    [Fact]
    public void UsingADisposedTensorThrowsObjectDisposedException()
    {
        var x = torch.ones(2, 2);
        using var y = torch.ones(2, 2);
        x.Dispose();
        Assert.Throws<ObjectDisposedException>(() => x + y);
        Assert.Throws<ObjectDisposedException>(() => y * x);
        Assert.Throws<ObjectDisposedException>(() => x.sum());
        Assert.Throws<ObjectDisposedException>(() => x.shape);
        Assert.Throws<ObjectDisposedException>(() => x.dtype);
        Assert.Throws<ObjectDisposedException>(() => x.data<float>());
        Assert.Throws<ObjectDisposedException>(() => x.item<float>());
        Assert.Throws<ObjectDisposedException>(() => x.matmul(y));
        Assert.Throws<ObjectDisposedException>(() => torch.cat([y, x]));
        Assert.Throws<ObjectDisposedException>(() => F.softmax(x, -1));
        Assert.Throws<ObjectDisposedException>(() => x.backward());
        Assert.Throws<ObjectDisposedException>(() => x.add_(1));
        Assert.Equal("Tensor(disposed)", x.ToString());
        using var z = y + 1; // nothing else is affected
        Assert.Equal(new float[] { 2, 2, 2, 2 }, z.data<float>());
    }

    [Fact]
    public void ScopesOnOtherThreadsAreIndependent()
    {
        using var scope = torch.NewDisposeScope();
        Tensor? fromThread = null;
        var t = new Thread(() => fromThread = torch.ones(1));
        t.Start();
        t.Join();
        Assert.Equal(0, scope.Count); // the other thread had no scope open
        Assert.False(fromThread!.IsDisposed);
        fromThread.Dispose();
    }

    [Fact]
    public void OpsWithInternalScopesReturnIntoTheCallersScope()
    {
        Tensor r;
        using (var scope = torch.NewDisposeScope())
        {
            using var x = torch.ones(2, 4);
            r = F.rms_norm(x, null);
            Assert.Equal(2, scope.Count); // x and the result; rms_norm's temporaries are already gone
        }
        Assert.True(r.IsDisposed);
    }
}

/// <summary>
/// Measures the process's managed heap, so it runs alone with the other memory measurements: a test allocating
/// in parallel would count towards it.
/// </summary>
[Collection(nameof(Memory.MemoryMeasurements))]
public class ScopeHeapTests
{
    [Fact]
    public void AScopePerStepKeepsALongLoopFlat()
    {
        using var w = torch.ones([16, 16], requires_grad: true);
        var before = GC.GetTotalMemory(true);
        for (var step = 0; step < 2000; step++)
        {
            using var scope = torch.NewDisposeScope();
            var loss = (w.matmul(w) * 0.01).tanh().sum();
            loss.backward();
            w.grad = null;
            Assert.True(scope.Count >= 4);
        }
        Assert.Null(DisposeScope.Current);
        var after = GC.GetTotalMemory(true);
        Assert.True(after - before < 4_000_000, $"managed heap grew by {after - before} bytes");
    }
}
