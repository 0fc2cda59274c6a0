using Halos.Torch.Native;

namespace Halos.Torch.Distributed;

/// <summary>
/// A collective that has been started and runs on the backend's threads. <see cref="Wait"/> blocks until
/// it lands (at most the group's timeout); starting several before waiting on the first lets them
/// overlap. The native work holds its own references to the tensors it reads and writes, so disposing
/// them early frees nothing the backend still uses.
/// </summary>
public sealed class PendingCollective : IDisposable
{
    private readonly WorkSafeHandle _work;
    private readonly ProcessGroup _group;
    private readonly string _what;
    private bool _waited;

    internal PendingCollective(IntPtr work, ProcessGroup group, string what)
    {
        _work = new WorkSafeHandle(work);
        _group = group;
        _what = what;
    }

    public bool IsCompleted => Check.Count(Lib.ht_work_is_completed(_work.DangerousGetHandle())) == 1;

    /// <summary>Blocks until the collective has landed; a failure is a <see cref="DistributedException"/> naming the rank it points at.</summary>
    public void Wait()
    {
        if (_waited) return;
        ObjectDisposedException.ThrowIf(_work.IsClosed, this);
        var rc = Lib.ht_work_wait(_work.DangerousGetHandle());
        if (rc < 0) throw _group.Failure(_what, Check.LastError());
        _waited = true;
    }

    public void Dispose()
    {
        _work.Dispose();
    }
}
