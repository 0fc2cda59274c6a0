namespace Halos.Models.Hub;

/// <summary>An exclusive lock on <c>.locks/models--…/{etag}.lock</c>, so two processes never write
/// one blob at once. .NET's FileShare.None takes a flock(2) on Unix, the same lock Python's
/// filelock takes, so this also serialises against huggingface_hub.</summary>
internal sealed class BlobDownloadLock : IDisposable
{
    private readonly FileStream _stream;

    private BlobDownloadLock(FileStream stream) => _stream = stream;

    public static async Task<BlobDownloadLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancel)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new BlobDownloadLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancel);
            }
            catch (IOException e)
            {
                throw new HubException($"lock {path} is still held after {timeout.TotalSeconds:0} s: another process is downloading the same file; delete the lock file if that process is gone", inner: e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
