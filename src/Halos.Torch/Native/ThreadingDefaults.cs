using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

/// <summary>
/// Debian's libtorch runs its parallel loops on GNU OpenMP while OpenBLAS runs matrix products on
/// its own pthreads. With OpenMP's default active waiting, idle OpenMP workers spin on the cores
/// OpenBLAS needs, and a training step on 2 cores ran 6-10x slower (measured: 265 ms against
/// 43 ms for the 4x1024 MLP step of bench/ops.sh). Passive waiting removes the contention.
/// Left to itself, Debian's libtorch also starts with one OpenMP thread (at::get_num_threads() is 1
/// in a fresh process, Python's included), so every element-wise op, softmax and norm ran on one
/// core while the matrix products used all of them; OMP_NUM_THREADS defaults to the cores .NET
/// sees (its count honours affinity and cgroup quotas).
/// libgomp reads its environment once, when it is loaded with the shim, so this must run first;
/// a value the user set is left alone. Child processes .NET starts do not inherit these (it passes
/// its own copy of the environment), so <c>halos launch</c> still sets each rank's share.
/// </summary>
internal static class ThreadingDefaults
{
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern unsafe int SetEnv(byte* name, byte* value, int overwrite);

    [ModuleInitializer]
    internal static unsafe void Apply()
    {
        if (!OperatingSystem.IsLinux()) return;
        fixed (byte* name = "OMP_WAIT_POLICY\0"u8)
        fixed (byte* value = "PASSIVE\0"u8)
            SetEnv(name, value, 0);
        var cores = System.Text.Encoding.ASCII.GetBytes($"{Math.Max(1, Environment.ProcessorCount)}\0");
        fixed (byte* name = "OMP_NUM_THREADS\0"u8)
        fixed (byte* value = cores)
            SetEnv(name, value, 0);
    }
}
