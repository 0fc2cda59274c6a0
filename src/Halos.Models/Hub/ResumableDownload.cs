using System.Net;

namespace Halos.Models.Hub;

/// <summary>Streams one URL into a <c>.incomplete</c> file. A broken transfer is retried a bounded
/// number of times, each retry asking only for the missing tail with <c>Range: bytes=N-</c>;
/// a partial file left by an earlier run is resumed the same way.</summary>
internal sealed class ResumableDownload
{
    private readonly HubHttp _http;
    private readonly HubOptions _options;

    public ResumableDownload(HubHttp http, HubOptions options)
    {
        _http = http;
        _options = options;
    }

    public async Task DownloadAsync(Uri url, string partialPath, long? expectedSize, Func<HttpResponseMessage, HubException> failure, CancellationToken cancel)
    {
        Exception? lastError = null;
        var attempts = Math.Max(1, _options.MaxAttempts);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var have = File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0;
            if (have > expectedSize) { File.Delete(partialPath); have = 0; }
            if (have > 0 && have == expectedSize) return;
            try
            {
                if (await TryTransferAsync(url, partialPath, have, failure, cancel))
                {
                    var got = new FileInfo(partialPath).Length;
                    if (expectedSize is null || got >= expectedSize) return;
                    // A body without Content-Length that stops early looks complete to HTTP.
                    lastError = new IOException($"the body ended after {got} of {expectedSize} bytes");
                }
                else lastError = null;
            }
            catch (Exception e) when (IsTransient(e, cancel))
            {
                lastError = e;
            }
            if (attempt < attempts) await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancel);
        }
        throw new HubException($"downloading {url} failed after {attempts} attempts: {lastError?.Message ?? "the server kept refusing the Range request"}; " +
                               $"the {(File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0)} bytes received are kept in {partialPath} and resumed next time", inner: lastError);
    }

    /// <summary>One request; true when the body arrived in full, false when the partial file had to
    /// be discarded and the next attempt should start over.</summary>
    private async Task<bool> TryTransferAsync(Uri url, string partialPath, long have, Func<HttpResponseMessage, HubException> failure, CancellationToken cancel)
    {
        using var response = await _http.SendAsync(HttpMethod.Get, url, have > 0 ? have : null, followCrossHost: true, cancel);
        FileMode mode;
        switch (response.StatusCode)
        {
            case HttpStatusCode.PartialContent when response.Content.Headers.ContentRange?.From == have:
                mode = FileMode.Append;
                break;
            case HttpStatusCode.PartialContent:
            case HttpStatusCode.RequestedRangeNotSatisfiable:
                // The server's idea of the file differs from our partial copy: start over.
                File.Delete(partialPath);
                return false;
            case HttpStatusCode.OK:
                mode = FileMode.Create; // the server ignored Range and sent everything
                break;
            case >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout:
                throw new HttpRequestException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            default:
                throw failure(response);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancel);
        await using var file = new FileStream(partialPath, mode, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new byte[1 << 16];
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        while (true)
        {
            stall.CancelAfter(_options.StallTimeout);
            int read;
            try
            {
                read = await body.ReadAsync(buffer, stall.Token);
            }
            catch (OperationCanceledException e) when (!cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"GET {url}: no bytes for {_options.StallTimeout.TotalSeconds:0} s", e);
            }
            if (read == 0) return true;
            await file.WriteAsync(buffer.AsMemory(0, read), cancel);
        }
    }

    private static bool IsTransient(Exception e, CancellationToken cancel) =>
        !cancel.IsCancellationRequested && e is HttpRequestException or IOException or TimeoutException;
}
