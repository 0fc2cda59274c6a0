using Halos.Torch.Native;

namespace Halos.Torch;

/// <summary>
/// Mixed precision until disposed (torch.autocast): on this thread, eligible ops on the device (matmul, linear,
/// bmm, ...) compute in the given dtype while parameters stay in theirs. Scopes nest and restore what was before.
/// </summary>
public sealed class AutocastScope : IDisposable
{
    private IntPtr _state;

    internal AutocastScope(Device device, ScalarType dtype) => _state = Check.Handle(Lib.ht_autocast_enter((int)device.Type, (int)dtype));

    public void Dispose()
    {
        if (_state == IntPtr.Zero) return;
        var state = _state;
        _state = IntPtr.Zero;
        Check.Status(Lib.ht_autocast_exit(state));
    }
}
