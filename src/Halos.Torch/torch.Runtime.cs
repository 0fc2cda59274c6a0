using System.Runtime.InteropServices;
using Halos.Torch.Native;

namespace Halos.Torch;

// Process-wide runtime control, gradient-mode scopes and dispose scopes.
public static partial class torch
{
    /// <summary>Seeds every generator (CPU and CUDA), so a run is repeatable.</summary>
    public static void manual_seed(ulong seed) => Check.Status(Lib.ht_manual_seed(seed));

    /// <summary>Intra-op threads libtorch uses on CPU.</summary>
    public static void set_num_threads(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "thread count must be positive");
        Check.Status(Lib.ht_set_num_threads(n));
    }

    public static int get_num_threads() => Lib.ht_get_num_threads();

    /// <summary>The libtorch version the shim was built against, e.g. "1.13.1".</summary>
    public static string version => Marshal.PtrToStringUTF8(Lib.ht_version()) ?? "unknown";

    /// <summary>libtorch's build configuration (BLAS, OpenMP, CUDA ...), for benchmark reports.</summary>
    public static string build_config => Marshal.PtrToStringUTF8(Lib.ht_build_config()) ?? "unknown";

    /// <summary>Whether scaled_dot_product_attention is libtorch's own (2.x) or the shim's fallback.</summary>
    public static bool has_native_sdpa => Lib.ht_has_native_sdpa() != 0;

    public static class cuda
    {
        public static bool is_available() => Lib.ht_cuda_is_available() != 0;
        public static int device_count() => Lib.ht_cuda_device_count();
        public static void synchronize(int device = 0) => Check.Status(Lib.ht_cuda_synchronize(device));

        /// <summary>Peak bytes the caching allocator has had allocated on the device since the process began.</summary>
        public static long max_memory_allocated(int device = 0) => Check.Count(Lib.ht_cuda_max_memory_allocated(device));
    }

    /// <summary>Frees every tensor created inside it when disposed: <c>using var scope = torch.NewDisposeScope();</c></summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Disables gradient recording until disposed: <c>using (torch.no_grad()) { ... }</c></summary>
    public static GradModeScope no_grad() => new(false);

    public static GradModeScope enable_grad() => new(true);

    /// <summary>Inference mode: no autograd bookkeeping at all (faster than no_grad) until disposed.</summary>
    public static InferenceModeScope inference_mode() => new();

    /// <summary>Mixed precision on <paramref name="device"/> until disposed: <c>using (torch.autocast(Device.CUDA(), torch.bfloat16)) { ... }</c></summary>
    public static AutocastScope autocast(Device device, ScalarType dtype = ScalarType.BFloat16) => new(device, dtype);

    public static bool is_grad_enabled() => Lib.ht_grad_enabled() != 0;
}
