using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Halos.Torch.Native;

/// <summary>
/// Thread settings for Debian's libtorch, whose parallel loops run on GNU OpenMP while OpenBLAS
/// runs matrix products on its own pthreads, the two pools sharing the same cores. Each is set in
/// the environment unless the user set it:
/// <list type="bullet">
/// <item><c>OMP_WAIT_POLICY=PASSIVE</c>. With active waiting, idle OpenMP workers spin on the cores
/// OpenBLAS needs, and a training step on 2 cores ran 6-10x slower (measured: 265 ms against 43 ms
/// for the 4x1024 MLP step of bench/ops.sh).</item>
/// <item><c>OPENBLAS_THREAD_TIMEOUT=20</c>. OpenBLAS's workers spin for about 2^28 cycles (a tenth
/// of a second) after each product before they sleep, on the cores the OpenMP threads then need;
/// 2^20 cycles still covers back-to-back products. The DPO step of bench/dpo.sh went from 13.1 to
/// 12.2 s on 2 cores, its system time from 20 s to 8 s.</item>
/// <item><c>OMP_NUM_THREADS</c>: the cores .NET sees (its count honours affinity and cgroup
/// quotas). Left alone, this libtorch starts with one OpenMP thread (at::get_num_threads() is 1 in
/// a fresh process, Python's included), so every element-wise op, softmax and norm ran on one core
/// while the matrix products used all of them.</item>
/// </list>
/// libgomp and OpenBLAS read their environment once, when they are loaded with the shim, so this
/// must run first. Child processes .NET starts do not inherit these (it passes its own copy of the
/// environment), so <c>halos launch</c> still sets each rank's share.
/// </summary>
internal static class ThreadingDefaults
{
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern unsafe int SetEnv(byte* name, byte* value, int overwrite);

    [ModuleInitializer]
    internal static void Apply()
    {
        if (!OperatingSystem.IsLinux()) return;
        Default("OMP_WAIT_POLICY", "PASSIVE");
        Default("OPENBLAS_THREAD_TIMEOUT", "20");
        Default("OMP_NUM_THREADS", Math.Max(1, Environment.ProcessorCount).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static unsafe void Default(string name, string value)
    {
        fixed (byte* n = Encoding.ASCII.GetBytes(name + "\0"))
        fixed (byte* v = Encoding.ASCII.GetBytes(value + "\0"))
            SetEnv(n, v, overwrite: 0);
    }
}
