using System.Runtime.InteropServices;

namespace Halos.Torch.Native;

/// <summary>
/// The c10d binding (native/src/distributed_*.cpp): the rendezvous store, process groups, and
/// pending collectives. Collectives and store reads block on the network, so none of these skip
/// the GC transition. Strings cross as NUL-terminated UTF-8 (<see cref="Utf8Z"/>), since the
/// assembly disables runtime marshalling.
/// </summary>
internal static unsafe partial class Lib
{
    [DllImport(L)] public static extern int ht_distributed_available();
    [DllImport(L)] public static extern int ht_distributed_nccl_available();

    [DllImport(L)] public static extern IntPtr ht_store_connect(byte* host, int port, int isServer, int world, long timeoutMs);
    [DllImport(L)] public static extern int ht_store_port(IntPtr store);
    [DllImport(L)] public static extern void ht_store_free(IntPtr store);
    [DllImport(L)] public static extern int ht_store_set(IntPtr store, byte* key, byte* value, long length);
    [DllImport(L)] public static extern long ht_store_get(IntPtr store, byte* key, long timeoutMs, byte* output, long capacity);
    [DllImport(L)] public static extern int ht_store_check(IntPtr store, byte* key);
    [DllImport(L)] public static extern long ht_store_add(IntPtr store, byte* key, long delta, long* result);

    [DllImport(L)]
    public static extern IntPtr ht_group_new(IntPtr store, int backend, byte* name, int rank, int world,
        long rendezvousMs, long timeoutMs, long heartbeatMs);

    [DllImport(L)] public static extern void ht_group_free(IntPtr group);
    [DllImport(L)] public static extern long ht_group_collectives_entered(IntPtr group);
    [DllImport(L)] public static extern IntPtr ht_group_allreduce(IntPtr group, IntPtr tensor, int op);
    [DllImport(L)] public static extern IntPtr ht_group_broadcast(IntPtr group, IntPtr tensor, int root);
    [DllImport(L)] public static extern IntPtr ht_group_allgather(IntPtr group, IntPtr input, IntPtr output);
    [DllImport(L)] public static extern IntPtr ht_group_barrier(IntPtr group);

    [DllImport(L)] public static extern int ht_work_wait(IntPtr work);
    [DllImport(L)] public static extern int ht_work_is_completed(IntPtr work);
    [DllImport(L)] public static extern void ht_work_free(IntPtr work);

    /// <summary>A string as NUL-terminated UTF-8, for the <c>const char*</c> parameters above.</summary>
    public static byte[] Utf8Z(string s)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
