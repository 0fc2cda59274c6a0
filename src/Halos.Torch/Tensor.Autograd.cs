using Halos.Torch.Native;

namespace Halos.Torch;

// PyTorch docs: "Automatic differentiation package".
public sealed partial class Tensor
{
    public bool requires_grad
    {
        get
        {
            var r = Check.Count(Lib.ht_requires_grad(Handle)) != 0;
            GC.KeepAlive(this);
            return r;
        }
        set => requires_grad_(value);
    }

    public Tensor requires_grad_(bool flag = true)
    {
        Check.Status(Lib.ht_set_requires_grad(Handle, flag ? 1 : 0));
        return this;
    }

    public bool is_leaf
    {
        get
        {
            var r = Check.Count(Lib.ht_is_leaf(Handle)) != 0;
            GC.KeepAlive(this);
            return r;
        }
    }

    /// <summary>Back-propagates from this tensor. A non-scalar output needs the gradient of its seed.</summary>
    public void backward(Tensor? gradient = null, bool? retain_graph = null, bool create_graph = false)
    {
        var retain = retain_graph.HasValue ? (retain_graph.Value ? 1 : 0) : -1;
        Check.Status(Lib.ht_backward(Handle, HandleOrNull(gradient), retain, create_graph ? 1 : 0));
        GC.KeepAlive(gradient);
    }

    /// <summary>The accumulated gradient, or null when none has been computed. Setting null clears it.</summary>
    public unsafe Tensor? grad
    {
        get
        {
            IntPtr g;
            Check.Status(Lib.ht_grad(Handle, &g));
            GC.KeepAlive(this);
            return g == IntPtr.Zero ? null : new Tensor(g);
        }
        set
        {
            Check.Status(Lib.ht_set_grad(Handle, HandleOrNull(value)));
            GC.KeepAlive(value);
        }
    }

    /// <summary>A view that shares storage but is cut from the graph.</summary>
    public Tensor detach() => Unary(UnaryOp.Detach, this);

    public Tensor detach_()
    {
        Check.Status(Lib.ht_detach_(Handle));
        return this;
    }

    /// <summary>Hands this tensor to the enclosing dispose scope (or to the caller at the outermost level).</summary>
    public Tensor MoveToOuterDisposeScope() => Scope is null ? this : Scope.MoveToOuter(this);

    /// <summary>Takes this tensor out of every dispose scope: the caller owns it.</summary>
    public Tensor DetachFromDisposeScope() => DisposeScope.Detach(this);
}

public sealed partial class Tensor
{
    /// <summary>Replaces this tensor's data (dtype, device, storage) in place, keeping its identity and grad flag.</summary>
    public Tensor set_data(Tensor source)
    {
        Check.Status(Lib.ht_set_data(Handle, source.Handle));
        GC.KeepAlive(source);
        return this;
    }
}
