using Halos.Torch.Native;

namespace Halos.Torch.Optim;

/// <summary>torch.nn.utils.clip_grad_norm_.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so their total norm is at most maxNorm, and returns the
    /// norm before clipping: the figure a training log reports as grad_norm.
    /// </summary>
    public static unsafe double clip_grad_norm_(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2.0)
    {
        var ps = parameters.ToArray();
        var handles = ps.Select(p => p.Handle).ToArray();
        double total;
        fixed (IntPtr* h = handles) Check.Status(Lib.ht_clip_grad_norm(h, handles.Length, maxNorm, normType, &total));
        GC.KeepAlive(ps);
        return total;
    }
}
