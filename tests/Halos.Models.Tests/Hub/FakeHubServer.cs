using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Halos.Models.Tests.Hub;

/// <summary>A loopback stand-in for the Hub, speaking its URL layout and headers: small files answer
/// 200 with the git blob sha1 as ETag; LFS files answer 302 to a "CDN" (a second port, so a
/// different origin) with X-Linked-Etag = sha256 and X-Linked-Size; missing things answer with
/// X-Error-Code as the Hub does. Faults (a dropped connection, corrupted bytes) are injected
/// per file. Binds 127.0.0.1 only.</summary>
internal sealed class FakeHubServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<string, Dictionary<string, string>> _refs = new();          // repo → revision → commit
    private readonly Dictionary<string, Dictionary<string, HubFile>> _commits = new();      // commit → file → content

    public sealed record HubFile(byte[] Content, bool Lfs)
    {
        public string Etag => Lfs ? Convert.ToHexStringLower(SHA256.HashData(Content)) : GitBlobSha1(Content);
    }

    public sealed record Request(string Method, string Path, string? Range, string? Authorization, int Port);

    public FakeHubServer()
    {
        for (var attempt = 0; ; attempt++)
        {
            (HubPort, CdnPort) = (FreePort(), FreePort());
            _listener.Prefixes.Add($"http://127.0.0.1:{HubPort}/");
            _listener.Prefixes.Add($"http://127.0.0.1:{CdnPort}/");
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 5) { _listener.Prefixes.Clear(); }
        }
        _loop = Task.Run(ServeAsync);
    }

    public int HubPort { get; private set; }
    public int CdnPort { get; private set; }
    public string Endpoint => $"http://127.0.0.1:{HubPort}";
    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>Bytes of the next GET of this blob to send before the connection is cut.</summary>
    public ConcurrentDictionary<string, long> DropAfterBytes { get; } = new();

    /// <summary>Bytes of the next GET of this blob to send before the server goes silent (but keeps the connection).</summary>
    public ConcurrentDictionary<string, long> StallAfterBytes { get; } = new();

    /// <summary>The next GET of this blob answers 503 Service Unavailable.</summary>
    public ConcurrentDictionary<string, bool> Unavailable { get; } = new();

    /// <summary>Files whose body is served with one byte flipped, while headers advertise the true checksum.</summary>
    public ConcurrentDictionary<string, bool> Corrupt { get; } = new();

    public string AddCommit(string repo, string revision, Dictionary<string, HubFile> files)
    {
        var commit = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(repo + revision + _commits.Count)));
        lock (_commits)
        {
            _commits[commit] = files;
            if (!_refs.TryGetValue(repo, out var refs)) _refs[repo] = refs = new();
            refs[revision] = commit;
        }
        return commit;
    }

    public IEnumerable<Request> RequestsFor(string fileName) => Requests.Where(r => r.Path.EndsWith("/" + fileName, StringComparison.Ordinal));

    public static string GitBlobSha1(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Task.Run(() => HandleSafely(context));
        }
    }

    private async Task HandleSafely(HttpListenerContext context)
    {
        try { await HandleAsync(context); }
        catch (Exception) { try { context.Response.Abort(); } catch (Exception) { /* client already gone */ } }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        Requests.Enqueue(new Request(request.HttpMethod, path, request.Headers["Range"], request.Headers["Authorization"], request.Url.Port));

        if (request.Url.Port == CdnPort && path.StartsWith("/cdn/"))
        {
            var file = FindBlob(path["/cdn/".Length..]);
            if (file is null) { End(response, 404); return; }
            await SendBodyAsync(request, response, file.Value.Name, file.Value.File);
            return;
        }
        if (path.StartsWith("/api/models/")) { ServeRevisionInfo(path, response); return; }

        // /{repo}/resolve/{revision}/{file}, repo being "name" or "org/name"
        var marker = path.IndexOf("/resolve/", StringComparison.Ordinal);
        if (marker < 0) { End(response, 404); return; }
        var repo = path[1..marker];
        var rest = request.Url.AbsolutePath[(request.Url.AbsolutePath.IndexOf("/resolve/", StringComparison.Ordinal) + "/resolve/".Length)..];
        var slash = rest.IndexOf('/');
        var revision = Uri.UnescapeDataString(rest[..slash]);
        var name = Uri.UnescapeDataString(rest[(slash + 1)..]);

        string? commit;
        lock (_commits)
        {
            if (!_refs.TryGetValue(repo, out var refs)) { End(response, 401, "RepoNotFound", "Repository not found"); return; }
            commit = refs.TryGetValue(revision, out var c) ? c : _commits.ContainsKey(revision) ? revision : null;
        }
        if (commit is null) { End(response, 404, "RevisionNotFound", "Invalid rev id: " + revision); return; }
        response.Headers["X-Repo-Commit"] = commit;
        if (!_commits[commit].TryGetValue(name, out var hubFile)) { End(response, 404, "EntryNotFound", "Entry not found"); return; }

        if (hubFile.Lfs)
        {
            response.StatusCode = 302;
            response.Headers["X-Linked-Etag"] = $"\"{hubFile.Etag}\"";
            response.Headers["X-Linked-Size"] = hubFile.Content.Length.ToString();
            response.Headers["Location"] = $"http://127.0.0.1:{CdnPort}/cdn/{hubFile.Etag}";
            response.ContentLength64 = 0;
            response.Close();
            return;
        }
        response.Headers["ETag"] = $"\"{hubFile.Etag}\"";
        await SendBodyAsync(request, response, name, hubFile);
    }

    private (string Name, HubFile File)? FindBlob(string etag)
    {
        lock (_commits)
            foreach (var files in _commits.Values)
                foreach (var (name, file) in files)
                    if (file.Etag == etag) return (name, file);
        return null;
    }

    private async Task SendBodyAsync(HttpListenerRequest request, HttpListenerResponse response, string name, HubFile file)
    {
        var content = file.Content;
        if (Corrupt.ContainsKey(name)) { content = (byte[])content.Clone(); content[content.Length / 2] ^= 0xFF; }
        long start = 0;
        if (request.Headers["Range"] is { } range && range.StartsWith("bytes=") && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1]);
            if (start >= content.Length) { End(response, 416); return; }
            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }
        response.ContentLength64 = content.Length - start;
        if (request.HttpMethod == "HEAD") { response.Close(); return; }

        if (Unavailable.TryRemove(name, out _)) { End(response, 503); return; }
        if (StallAfterBytes.TryRemove(name, out var stallAt))
        {
            await response.OutputStream.WriteAsync(content.AsMemory((int)start, (int)stallAt));
            await response.OutputStream.FlushAsync();
            try { await Task.Delay(TimeSpan.FromSeconds(20), _stop.Token); } catch (OperationCanceledException) { }
            response.Abort();
            return;
        }
        if (DropAfterBytes.TryRemove(name, out var cut))
        {
            await response.OutputStream.WriteAsync(content.AsMemory((int)start, (int)cut));
            await response.OutputStream.FlushAsync();
            await Task.Delay(200); // let the bytes reach the client before the reset
            response.Abort();
            return;
        }
        await response.OutputStream.WriteAsync(content.AsMemory((int)start));
        response.Close();
    }

    private void ServeRevisionInfo(string path, HttpListenerResponse response)
    {
        // /api/models/{repo}/revision/{revision}
        var body = path["/api/models/".Length..];
        var at = body.LastIndexOf("/revision/", StringComparison.Ordinal);
        var (repo, revision) = (body[..at], body[(at + "/revision/".Length)..]);
        string? commit;
        lock (_commits) commit = _refs.TryGetValue(repo, out var refs) && refs.TryGetValue(revision, out var c) ? c : null;
        if (commit is null) { End(response, 404, "RevisionNotFound", "no such revision"); return; }
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = repo,
            sha = commit,
            siblings = _commits[commit].Keys.Select(k => new { rfilename = k }),
        });
        response.ContentType = "application/json";
        response.ContentLength64 = json.Length;
        response.OutputStream.Write(json);
        response.Close();
    }

    private static void End(HttpListenerResponse response, int status, string? errorCode = null, string? message = null)
    {
        response.StatusCode = status;
        if (errorCode is not null) response.Headers["X-Error-Code"] = errorCode;
        if (message is not null) response.Headers["X-Error-Message"] = message;
        response.ContentLength64 = 0;
        response.Close();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _listener.Stop(); _listener.Close(); } catch (ObjectDisposedException) { }
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
