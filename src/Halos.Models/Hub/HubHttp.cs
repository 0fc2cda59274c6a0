using System.Net;
using System.Net.Http.Headers;

namespace Halos.Models.Hub;

/// <summary>HTTP against the Hub's URL layout. Redirects are followed by hand: the token goes to
/// the endpoint's host only (an LFS file redirects to a CDN that must not see it), and a HEAD
/// stops at a cross-host redirect because the Hub puts the LFS headers on that 302.</summary>
internal sealed class HubHttp : IDisposable
{
    private const int MaxRedirects = 10;
    private readonly HttpClient _client;
    private readonly HubOptions _options;
    private readonly Uri _endpoint;

    public HubHttp(HubOptions options)
    {
        _options = options;
        _endpoint = new Uri(options.Endpoint.TrimEnd('/') + "/");
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.StallTimeout,
        }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Uri ResolveUrl(RepoId repo, string revision, string file) => new(_endpoint,
        $"{repo.Value}/resolve/{Uri.EscapeDataString(revision)}/{string.Join('/', file.Split('/').Select(Uri.EscapeDataString))}");

    public Uri RevisionInfoUrl(RepoId repo, string revision) =>
        new(_endpoint, $"api/models/{repo.Value}/revision/{Uri.EscapeDataString(revision)}");

    /// <summary>Sends a request, following redirects; <paramref name="followCrossHost"/> false
    /// returns the first redirect that leaves the endpoint's host. Headers must be read before
    /// the stall timeout fires.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, long? rangeStart, bool followCrossHost, CancellationToken cancel)
    {
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("halos-models", "1.0"));
            if (_options.Token is { } token && IsEndpointHost(url))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (rangeStart is { } start) request.Headers.Range = new RangeHeaderValue(start, null);

            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            stall.CancelAfter(_options.StallTimeout);
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token);
            }
            catch (OperationCanceledException e) when (!cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"{method} {url}: no response headers within {_options.StallTimeout.TotalSeconds:0} s", e);
            }

            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is null) return response;
            var next = new Uri(url, response.Headers.Location);
            if (!followCrossHost && !SameHost(next, url)) return response;
            response.Dispose();
            if (hop == MaxRedirects) throw new HubException($"{method} {url}: more than {MaxRedirects} redirects");
            url = next;
        }
    }

    public void Dispose() => _client.Dispose();

    private bool IsEndpointHost(Uri url) => SameHost(url, _endpoint);

    private static bool SameHost(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault() : null;

    /// <summary>Turns a failed Hub answer into an error naming the repo, file and revision, using
    /// the Hub's X-Error-Code to say which of the three was missing.</summary>
    public static HubException Failure(HttpResponseMessage response, Uri url, RepoId repo, string file, string revision)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        var code = Header(response, "X-Error-Code");
        var detail = Header(response, "X-Error-Message");
        var where = $"(GET {url} answered {status}{(code is null ? "" : ", X-Error-Code " + code)}{(detail is null ? "" : ": " + detail)})";
        return (response.StatusCode, code) switch
        {
            (_, "RepoNotFound") or (HttpStatusCode.Unauthorized, null) => new HubFileNotFoundException(
                $"repo '{repo}' was not found (for a private or gated repo set HF_TOKEN) while fetching '{file}' at revision '{revision}' {where}", HubMissing.Repo, repo.Value, file, revision),
            (_, "RevisionNotFound") => new HubFileNotFoundException(
                $"revision '{revision}' was not found in repo '{repo}' while fetching '{file}' {where}", HubMissing.Revision, repo.Value, file, revision),
            (_, "GatedRepo") or (HttpStatusCode.Forbidden, _) => new HubFileNotFoundException(
                $"access to '{file}' in repo '{repo}' at revision '{revision}' was refused; a gated repo needs its terms accepted and HF_TOKEN set {where}", HubMissing.Access, repo.Value, file, revision),
            (HttpStatusCode.NotFound, _) => new HubFileNotFoundException(
                $"file '{file}' was not found in repo '{repo}' at revision '{revision}' {where}", HubMissing.File, repo.Value, file, revision),
            _ => new HubException($"fetching '{file}' from repo '{repo}' at revision '{revision}' failed {where}", repo.Value, file, revision),
        };
    }
}
