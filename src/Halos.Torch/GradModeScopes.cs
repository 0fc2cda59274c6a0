using Halos.Torch.Native;

namespace Halos.Torch;

/// <summary>Sets autograd's grad mode for the current thread and restores the previous one on dispose.</summary>
public sealed class GradModeScope : IDisposable
{
    private readonly bool _previous;
    private bool _disposed;

    internal GradModeScope(bool enabled)
    {
        _previous = Lib.ht_grad_enabled() != 0;
        Lib.ht_set_grad_enabled(enabled ? 1 : 0);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Lib.ht_set_grad_enabled(_previous ? 1 : 0);
    }
}

/// <summary>Holds a c10::InferenceMode guard for the current thread until disposed.</summary>
public sealed class InferenceModeScope : IDisposable
{
    private IntPtr _guard;

    internal InferenceModeScope() => _guard = Check.Handle(Lib.ht_inference_mode_enter());

    public static bool IsEnabled => Lib.ht_is_inference_mode() != 0;

    public void Dispose()
    {
        if (_guard == IntPtr.Zero) return;
        Lib.ht_inference_mode_exit(_guard);
        _guard = IntPtr.Zero;
    }
}
