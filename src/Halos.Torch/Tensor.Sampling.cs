using Halos.Torch.Native;

namespace Halos.Torch;

// PyTorch docs: "Random sampling" and sorting.
public sealed partial class Tensor
{
    public unsafe (Tensor values, Tensor indices) topk(long k, long dim = -1, bool largest = true, bool sorted = true)
    {
        IntPtr v, i;
        Check.Status(Lib.ht_topk(Handle, k, dim, largest ? 1 : 0, sorted ? 1 : 0, &v, &i));
        GC.KeepAlive(this);
        return (new Tensor(v), new Tensor(i));
    }

    public unsafe (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false, bool stable = false)
    {
        IntPtr v, i;
        Check.Status(Lib.ht_sort(Handle, dim, descending ? 1 : 0, stable ? 1 : 0, &v, &i));
        GC.KeepAlive(this);
        return (new Tensor(v), new Tensor(i));
    }

    public Tensor argsort(long dim = -1, bool descending = false)
    {
        var (values, indices) = sort(dim, descending);
        values.Dispose();
        return indices;
    }

    /// <summary>Draws indices from each row's (unnormalised) probabilities.</summary>
    public Tensor multinomial(long numSamples, bool replacement = false)
    {
        var r = Lib.ht_multinomial(Handle, numSamples, replacement ? 1 : 0);
        GC.KeepAlive(this);
        return Wrap(r);
    }

    public Tensor uniform_(double from = 0, double to = 1) => FillRandom(0, from, to);
    public Tensor normal_(double mean = 0, double std = 1) => FillRandom(1, mean, std);
    public Tensor bernoulli_(double p = 0.5) => FillRandom(2, p, 0);

    private Tensor FillRandom(int kind, double a, double b)
    {
        Check.Status(Lib.ht_fill_random_(kind, Handle, a, b));
        return this;
    }
}
