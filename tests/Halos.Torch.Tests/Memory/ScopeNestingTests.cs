namespace Halos.Torch.Tests.Memory;

public class ScopeNestingTests
{
    [Fact]
    public void DisposingAnOuterScopeEndsTheInnerOnesLeftOpen()
    {
        var outer = torch.NewDisposeScope();
        var a = torch.ones(2);
        var inner = torch.NewDisposeScope();
        var b = torch.ones(2);
        outer.Dispose();
        Assert.True(a.IsDisposed);
        Assert.True(b.IsDisposed);
        // The thread has no scope left: a new tensor belongs to the caller.
        Assert.Null(DisposeScope.Current);
        using var c = torch.ones(2);
        inner.Dispose();
        Assert.False(c.IsDisposed);
    }

    [Fact]
    public void MoveToOuterHandsTheTensorToTheEnclosingScope()
    {
        Tensor kept;
        using (var outer = torch.NewDisposeScope())
        {
            using (var inner = torch.NewDisposeScope())
            {
                kept = inner.MoveToOuter(torch.ones(3));
            }
            Assert.False(kept.IsDisposed);
            Assert.Same(outer, kept.Scope);
        }
        Assert.True(kept.IsDisposed);
    }
}

public class TensorOwnershipTests
{
    [Fact]
    public void ATensorMovedOutOfTheOutermostScopeBelongsToTheCaller()
    {
        Tensor t;
        using (var scope = torch.NewDisposeScope())
        {
            t = scope.MoveToOuter(torch.full([2], 7.0));
        }
        Assert.False(t.IsDisposed);
        Assert.Equal(new float[] { 7, 7 }, t.data<float>());
        t.Dispose();
        Assert.True(t.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => t.sum());
    }

    [Fact]
    public void DetachedTensorsSurviveEveryScope()
    {
        Tensor t;
        using (torch.NewDisposeScope())
        using (torch.NewDisposeScope())
        {
            t = torch.ones(2).DetachFromDisposeScope();
        }
        Assert.Equal(2f, t.sum().item<float>());
        t.Dispose();
    }

    [Fact]
    public void DisposingATensorInsideAScopeFreesItAtOnceAndTheScopeSkipsIt()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.ones(4);
        t.Dispose();
        Assert.True(t.IsDisposed);
        scope.Dispose();
        Assert.True(t.IsDisposed);
    }
}
