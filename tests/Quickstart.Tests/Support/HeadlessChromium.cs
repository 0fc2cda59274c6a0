using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quickstart.Tests.Support;

/// <summary>What a page did while it loaded: the script's answer, the requests it made, console errors, and a screenshot.</summary>
public sealed record PageVisit(JsonNode? Evaluated, IReadOnlyList<string> Requests, IReadOnlyList<string> ConsoleErrors, byte[] Screenshot);

/// <summary>
/// Debian's headless Chromium driven over the DevTools protocol on 127.0.0.1: it opens a page, records every network
/// request the page makes and every console error or uncaught exception, evaluates a script in the loaded page, and
/// takes a full-page screenshot.
/// </summary>
public static class HeadlessChromium
{
    public static string? Executable { get; } =
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    public static PageVisit Visit(string file, string script, int width = 1400, int height = 1000)
    {
        var profile = Directory.CreateTempSubdirectory("halos-chromium-").FullName;
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("chromium is not installed (apt-get install chromium)"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-sync",
                     "--disable-background-networking", "--disable-component-update", "--remote-debugging-address=127.0.0.1",
                     "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
                 })
            start.ArgumentList.Add(a);
        using var browser = Process.Start(start)!;
        try
        {
            var endpoint = DevToolsEndpoint(browser);
            return VisitAsync(endpoint, new Uri(Path.GetFullPath(file)).AbsoluteUri, script, width, height).GetAwaiter().GetResult();
        }
        finally
        {
            if (!browser.HasExited) browser.Kill(entireProcessTree: true);
            browser.WaitForExit(10_000);
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Chromium announces its browser endpoint on standard error: "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID".</summary>
    private static Uri DevToolsEndpoint(Process browser)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var seen = new StringBuilder();
        while (DateTime.UtcNow < deadline)
        {
            var line = browser.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
            if (line is null) break;
            seen.AppendLine(line);
            const string marker = "DevTools listening on ";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                // Keep draining standard error so chromium never blocks on a full pipe.
                _ = browser.StandardError.ReadToEndAsync();
                _ = browser.StandardOutput.ReadToEndAsync();
                return new Uri(line[(at + marker.Length)..].Trim());
            }
        }
        throw new InvalidOperationException($"chromium did not announce its DevTools endpoint:\n{seen}");
    }

    private static async Task<PageVisit> VisitAsync(Uri endpoint, string url, string script, int width, int height)
    {
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await socket.ConnectAsync(endpoint, timeout.Token);
        var session = new DevToolsSession(socket, timeout.Token);
        var target = await session.Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var attached = await session.Send("Target.attachToTarget", new JsonObject { ["targetId"] = (string?)target["targetId"], ["flatten"] = true });
        session.PageSession = (string?)attached["sessionId"];
        foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" }) await session.Send($"{domain}.enable", new JsonObject());
        await session.Send("Emulation.setDeviceMetricsOverride",
            new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        var loaded = session.WaitFor("Page.loadEventFired");
        await session.Send("Page.navigate", new JsonObject { ["url"] = url });
        await loaded;
        var evaluated = await session.Send("Runtime.evaluate", new JsonObject { ["expression"] = script, ["returnByValue"] = true });
        var shot = await session.Send("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        await session.Send("Browser.close", new JsonObject(), pageSession: false).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        return new PageVisit(evaluated["result"]?["value"], session.Requests, session.ConsoleErrors, Convert.FromBase64String((string)shot["data"]!));
    }

    /// <summary>One DevTools connection: numbered commands and their answers, and the events a page session sends.</summary>
    private sealed class DevToolsSession
    {
        private readonly ClientWebSocket _socket;
        private readonly CancellationToken _cancel;
        private readonly Dictionary<int, TaskCompletionSource<JsonObject>> _pending = [];
        private readonly Dictionary<string, TaskCompletionSource> _awaited = [];
        private readonly object _lock = new();
        private int _next;

        public DevToolsSession(ClientWebSocket socket, CancellationToken cancel)
        {
            (_socket, _cancel) = (socket, cancel);
            _ = Task.Run(Receive, cancel);
        }

        public string? PageSession { get; set; }
        public List<string> Requests { get; } = [];
        public List<string> ConsoleErrors { get; } = [];

        public Task WaitFor(string method)
        {
            lock (_lock) return (_awaited[method] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        public async Task<JsonObject> Send(string method, JsonObject parameters, bool pageSession = true)
        {
            var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            int id;
            lock (_lock) _pending[id = ++_next] = answer;
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
            if (pageSession && PageSession is not null) message["sessionId"] = PageSession;
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _cancel);
            var reply = await answer.Task.WaitAsync(_cancel);
            if (reply["error"] is { } error) throw new InvalidOperationException($"DevTools {method}: {error.ToJsonString()}");
            return reply["result"] as JsonObject ?? [];
        }

        private async Task Receive()
        {
            var buffer = new byte[1 << 20];
            var message = new MemoryStream();
            while (_socket.State == WebSocketState.Open)
            {
                WebSocketReceiveResult part;
                try { part = await _socket.ReceiveAsync(buffer, _cancel); }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException) { return; }
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                var json = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                Dispatch(json);
            }
        }

        private void Dispatch(JsonObject json)
        {
            lock (_lock)
            {
                if (json["id"] is { } id && _pending.Remove((int)id, out var answer))
                {
                    answer.TrySetResult(json);
                    return;
                }
                var method = (string?)json["method"];
                var p = json["params"];
                var consoleType = p?["type"]?.GetValue<string>();
                var logLevel = p?["entry"]?["level"]?.GetValue<string>();
                switch (method)
                {
                    case "Network.requestWillBeSent":
                        Requests.Add((string?)p?["request"]?["url"] ?? "?");
                        break;
                    case "Runtime.consoleAPICalled" when consoleType is "error" or "assert":
                        ConsoleErrors.Add("console." + p!["type"] + ": " + p["args"]?.ToJsonString());
                        break;
                    case "Runtime.exceptionThrown":
                        ConsoleErrors.Add("exception: " + p?["exceptionDetails"]?.ToJsonString());
                        break;
                    case "Log.entryAdded" when logLevel == "error":
                        ConsoleErrors.Add("log: " + p!["entry"]!["text"]);
                        break;
                }
                if (method is not null && _awaited.Remove(method, out var waiting)) waiting.TrySetResult();
            }
        }
    }
}
