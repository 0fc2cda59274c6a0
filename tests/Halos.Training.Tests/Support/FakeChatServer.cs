using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Halos.Training.Tests.Support;

/// <summary>One reply of the fake endpoint: a status, a body (a chat completion's content, or raw text), and headers.</summary>
public sealed record FakeReply(int Status, string Content, bool Raw = false, TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeReply Say(string content) => new(200, content);
}

/// <summary>
/// An OpenAI-compatible chat-completions endpoint on 127.0.0.1 for the judge's tests: <c>POST /v1/chat/completions</c>
/// answers with whatever <see cref="Respond"/> decides from the request's user message and the request's number.
/// It counts requests and keeps every Authorization header it saw.
/// </summary>
public sealed class FakeChatServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    public FakeChatServer(Func<string, int, FakeReply> respond)
    {
        Respond = respond;
        var port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Endpoint = $"http://127.0.0.1:{port}/v1";
        _ = Task.Run(Serve);
    }

    public Func<string, int, FakeReply> Respond { get; set; }

    public string Endpoint { get; }

    public int Requests => Volatile.Read(ref _requests);

    public List<string> Authorizations { get; } = [];

    private async Task Serve()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => Handle(context));
        }
    }

    private async Task Handle(HttpListenerContext context)
    {
        var number = Interlocked.Increment(ref _requests);
        lock (Authorizations) Authorizations.Add(context.Request.Headers["Authorization"] ?? "");
        using var reader = new StreamReader(context.Request.InputStream);
        var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement;
        var message = body.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
        var reply = Respond(message, number);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var response = context.Response;
        response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>()) response.Headers[name] = value;
        var text = reply.Raw || reply.Status != 200 ? reply.Content : JsonSerializer.Serialize(new
        {
            id = $"chatcmpl-{number}", @object = "chat.completion", created = 1_700_000_000, model = "fake-judge",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = reply.Content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 1, completion_tokens = 1, total_tokens = 2 },
        });
        var bytes = Encoding.UTF8.GetBytes(text);
        response.ContentType = "application/json";
        try
        {
            await response.OutputStream.WriteAsync(bytes);
            response.Close();
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (HttpListenerException)
        {
            // The client gave up (a timeout under test).
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }
}
