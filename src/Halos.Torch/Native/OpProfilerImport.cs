using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

internal static unsafe partial class Lib
{
    // op_profiler.cpp
    [DllImport(L)] public static extern int ht_op_profiler_start();
    [DllImport(L)] public static extern int ht_op_profiler_stop();
    [DllImport(L)] public static extern IntPtr ht_op_profiler_report();
    [DllImport(L)] public static extern IntPtr ht_record_scope_enter(byte* name);
    [DllImport(L)] public static extern int ht_record_scope_exit(IntPtr range);
}
