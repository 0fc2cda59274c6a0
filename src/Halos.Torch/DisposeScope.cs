namespace Halos.Torch;

/// <summary>
/// Frees every tensor created on this thread while the scope is the innermost one, when it ends.
/// A tensor that must outlive the scope is moved out explicitly (<see cref="MoveToOuter"/>), which
/// hands it to the enclosing scope, or to nobody (the caller owns it) at the outermost level.
/// Scopes nest; use one per training step so a long loop stays flat in memory.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? _current;

    private readonly List<Tensor> _owned = new();
    private readonly DisposeScope? _outer;
    private bool _disposed;

    internal DisposeScope()
    {
        _outer = _current;
        _current = this;
    }

    /// <summary>The innermost open scope on this thread, if any.</summary>
    public static DisposeScope? Current => _current;

    public DisposeScope? Outer => _outer;

    /// <summary>Number of live tensors this scope will free.</summary>
    public int Count => _owned.Count;

    internal void Register(Tensor t)
    {
        t.Scope = this;
        _owned.Add(t);
    }

    internal void Forget(Tensor t)
    {
        // Tensors are usually moved out right after creation, so search from the end.
        var i = _owned.LastIndexOf(t);
        if (i >= 0) _owned.RemoveAt(i);
        t.Scope = null;
    }

    /// <summary>Hands the tensor to the enclosing scope (or to the caller at the outermost level).</summary>
    public Tensor MoveToOuter(Tensor tensor)
    {
        if (tensor.Scope != this) throw new InvalidOperationException("the tensor does not belong to this dispose scope");
        Forget(tensor);
        if (_outer is not null) _outer.Register(tensor);
        else tensor.TakeOwnership();
        return tensor;
    }

    public void MoveToOuter(params Tensor[] tensors)
    {
        foreach (var t in tensors) MoveToOuter(t);
    }

    /// <summary>Takes the tensor out of every scope: the caller disposes it.</summary>
    public static Tensor Detach(Tensor tensor)
    {
        if (tensor.Scope is null) return tensor;
        tensor.Scope.Forget(tensor);
        tensor.TakeOwnership();
        return tensor;
    }

    private bool IsOpenOnThisThread()
    {
        for (var s = _current; s is not null; s = s._outer)
            if (s == this) return true;
        return false;
    }

    public void Dispose()
    {
        if (_disposed) return;
        // Scopes opened inside this one and still open (an exception unwound past them, or they
        // were simply never disposed) end with it: their tensors were made inside this scope too.
        // Only when disposed on another thread is the chain not this thread's to unwind.
        if (IsOpenOnThisThread())
            while (_current != this) _current!.Dispose();
        _disposed = true;
        if (_current == this) _current = _outer;
        foreach (var t in _owned)
        {
            t.Scope = null;
            t.Dispose();
        }
        _owned.Clear();
        GC.SuppressFinalize(this);
    }

    // A scope that was never disposed still frees its tensors: they hold no finaliser of their own.
    // Reaching here means no live tensor refers to the scope, so none of them can be in use.
    ~DisposeScope()
    {
        foreach (var t in _owned) t.ReleaseFromScopeFinalizer();
    }
}
