using Halos.Torch.Native;

namespace Halos.Torch.Profiling;

/// <summary>An open named range; disposing it closes it.</summary>
public sealed class RecordScope : IDisposable
{
    private IntPtr _range;

    internal unsafe RecordScope(string name)
    {
        fixed (byte* n = Lib.Utf8Z(name)) _range = Check.Handle(Lib.ht_record_scope_enter(n));
    }

    public void Dispose()
    {
        if (_range == IntPtr.Zero) return;
        var range = _range;
        _range = IntPtr.Zero;
        Check.Status(Lib.ht_record_scope_exit(range));
    }
}
