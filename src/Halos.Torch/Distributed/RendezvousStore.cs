using System.Text;
using Halos.Torch.Native;

namespace Halos.Torch.Distributed;

/// <summary>
/// c10d's TCPStore: a key-value server that rank 0 hosts at MASTER_ADDR:MASTER_PORT and every rank
/// connects to. Process groups exchange their addresses through it; the binding also keeps each
/// rank's heartbeat in it, which is how a failed collective names the rank that died.
/// </summary>
public sealed class RendezvousStore : IDisposable
{
    private readonly StoreSafeHandle _handle;

    private RendezvousStore(StoreSafeHandle handle, string host, int port, TimeSpan timeout)
    {
        _handle = handle;
        Host = host;
        Port = port;
        Timeout = timeout;
    }

    public string Host { get; }

    /// <summary>The port the store listens on (the one picked, when hosted on port 0).</summary>
    public int Port { get; }

    public TimeSpan Timeout { get; }

    public string Address => $"{Host}:{Port}";

    /// <summary>Hosts the store on this process. With <paramref name="worldSize"/> it returns once that many ranks
    /// (this one included) have connected, or fails after <paramref name="timeout"/>.</summary>
    public static RendezvousStore Serve(string host, int port, int worldSize, TimeSpan timeout) => Open(host, port, true, worldSize, timeout);

    /// <summary>Connects to the store another process hosts, retrying until <paramref name="timeout"/>, and counts
    /// this process among the <paramref name="worldSize"/> ranks the host waits for.</summary>
    public static RendezvousStore Connect(string host, int port, int worldSize, TimeSpan timeout) => Open(host, port, false, worldSize, timeout);

    internal static unsafe RendezvousStore Open(string host, int port, bool isServer, int worldSize, TimeSpan timeout)
    {
        EnsureAvailable();
        IntPtr h;
        fixed (byte* hostZ = Lib.Utf8Z(host)) h = Lib.ht_store_connect(hostZ, port, isServer ? 1 : 0, worldSize, Millis(timeout));
        if (h == IntPtr.Zero)
        {
            var detail = Check.LastError();
            var message = isServer
                ? worldSize > 1 && !detail.Contains("already in use", StringComparison.OrdinalIgnoreCase)
                    ? $"rank 0 hosts the rendezvous store at {host}:{port}, but not all {worldSize} ranks connected within {Seconds(timeout)}: " +
                      $"check that every rank was started with the same MASTER_ADDR/MASTER_PORT and WORLD_SIZE={worldSize} ({detail})"
                    : $"rank 0 could not host the rendezvous store on {host}:{port} (MASTER_ADDR:MASTER_PORT): {detail}"
                : $"could not reach the rendezvous store at {host}:{port} (MASTER_ADDR:MASTER_PORT) within {Seconds(timeout)}: " +
                  $"is rank 0 running, and can this machine reach that address and port? ({detail})";
            throw new DistributedException(message, isServer ? [] : [0]);
        }
        var handle = new StoreSafeHandle(h);
        var actual = Lib.ht_store_port(h);
        return new RendezvousStore(handle, host, actual, timeout);
    }

    internal static void EnsureAvailable()
    {
        if (Lib.ht_distributed_available() == 0)
            throw new DistributedException("distributed training is not available: libhalos_torch was built without Gloo. " +
                                           "Install libgloo-dev (scripts/setup.sh does) and rebuild src/Halos.Torch", []);
    }

    public unsafe void Set(string key, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        fixed (byte* k = Lib.Utf8Z(key))
        fixed (byte* p = bytes)
            Check.Status(Lib.ht_store_set(Handle, k, p, bytes.Length));
    }

    /// <summary>The value of <paramref name="key"/>, waiting up to <paramref name="wait"/> (the store's timeout by default) for it to be set.</summary>
    public unsafe string Get(string key, TimeSpan? wait = null)
    {
        var keyZ = Lib.Utf8Z(key);
        var buffer = new byte[256];
        while (true)
        {
            long n;
            fixed (byte* k = keyZ)
            fixed (byte* p = buffer)
                n = Check.Count(Lib.ht_store_get(Handle, k, Millis(wait ?? Timeout), p, buffer.Length));
            if (n <= buffer.Length) return Encoding.UTF8.GetString(buffer, 0, (int)n);
            buffer = new byte[n];
        }
    }

    /// <summary>Whether <paramref name="key"/> is set, without waiting.</summary>
    public unsafe bool Contains(string key)
    {
        fixed (byte* k = Lib.Utf8Z(key)) return Check.Count(Lib.ht_store_check(Handle, k)) == 1;
    }

    /// <summary>Adds to the integer at <paramref name="key"/> (0 when unset) and returns the new value.</summary>
    public unsafe long Add(string key, long delta)
    {
        long result;
        fixed (byte* k = Lib.Utf8Z(key)) Check.Count(Lib.ht_store_add(Handle, k, delta, &result));
        return result;
    }

    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    public void Dispose() => _handle.Dispose();

    internal static long Millis(TimeSpan t) => Math.Max(1, (long)t.TotalMilliseconds);

    internal static string Seconds(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#} s" : $"{t.TotalMilliseconds:0} ms";
}
