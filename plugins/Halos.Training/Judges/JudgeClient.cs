using System.ClientModel;
using System.ClientModel.Primitives;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Http.Resilience;
using OpenAI;
using Polly;

namespace Halos.Training.Judges;

/// <summary>
/// Asks an OpenAI-compatible chat-completions endpoint for one judgment at a time, through Microsoft.Extensions.AI's
/// OpenAI adapter. Below it, an HTTP resilience pipeline retries 429, 5xx and timeouts with exponential backoff,
/// honouring Retry-After, and bounds each attempt by <see cref="JudgeSettings.Timeout"/>; at most
/// <see cref="JudgeSettings.MaxConcurrency"/> requests are in flight. Replies are cached on disk by endpoint, model
/// and request text, so a resumed run or a second labelling asks nothing twice. The API key is read from its
/// environment variable once and goes nowhere but the Authorization header.
/// </summary>
public sealed class JudgeClient : IDisposable
{
    private readonly JudgeSettings _settings;
    private readonly HttpClient _http;
    private readonly IChatClient _chat;
    private readonly SemaphoreSlim _slots;

    public JudgeClient(JudgeSettings settings, string where)
    {
        _settings = settings;
        string? key = null;
        if (settings.ApiKeyVariable is { } variable)
        {
            key = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(key))
                throw new InvalidOperationException($"{where}:ApiKeyVariable: the environment variable {variable} is not set; export the judge's API key in it");
        }
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, settings.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            Delay = settings.RetryDelay,
            ShouldRetryAfterHeader = true,
            OnRetry = _ =>
            {
                Interlocked.Increment(ref _retries);
                return default;
            },
        };
        if (settings.MaxRetries == 0) retry.ShouldHandle = _ => ValueTask.FromResult(false);
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(retry)
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = settings.Timeout })
            .Build();
        _http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler() }) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new OpenAIClientOptions
        {
            Endpoint = settings.Endpoint,
            Transport = new HttpClientPipelineTransport(_http),
            // Retries are the pipeline's above: the SDK's own would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = settings.Timeout * (settings.MaxRetries + 2) + TimeSpan.FromMinutes(1),
        };
        _chat = new OpenAI.Chat.ChatClient(settings.Model, new ApiKeyCredential(key ?? "none"), options).AsIChatClient();
        _slots = new SemaphoreSlim(Math.Max(1, settings.MaxConcurrency));
    }

    private long _requests, _cacheHits, _retries;

    /// <summary>Requests sent (each retry counts once more in <see cref="Retries"/>).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public long CacheHits => Interlocked.Read(ref _cacheHits);

    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>
    /// The reply to <paramref name="text"/> that <paramref name="read"/> can parse, or default when two replies in a
    /// row could not be parsed (or the second was unreadable JSON): never guessed.
    /// </summary>
    public async Task<T?> Ask<T>(string text, Func<string, T?> read, CancellationToken cancellationToken) where T : struct
    {
        var cacheFile = CacheFile(text);
        if (cacheFile is not null && File.Exists(cacheFile))
        {
            try
            {
                var cached = JsonDocument.Parse(await File.ReadAllTextAsync(cacheFile, cancellationToken)).RootElement.GetProperty("reply").GetString()!;
                if (read(cached) is { } hit)
                {
                    Interlocked.Increment(ref _cacheHits);
                    return hit;
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // A torn or foreign cache file is asked again and overwritten.
            }
        }
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var reply = await Send(text, cancellationToken);
            if (reply is not null && read(reply) is { } value)
            {
                if (cacheFile is not null) await WriteAtomically(cacheFile, JsonSerializer.Serialize(new { reply }), cancellationToken);
                return value;
            }
        }
        return null;
    }

    /// <summary>One request; null when the reply was not a readable chat completion (truncated JSON, no choices).</summary>
    private async Task<string?> Send(string text, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            Interlocked.Increment(ref _requests);
            var response = await _chat.GetResponseAsync([new ChatMessage(ChatRole.User, text)],
                new ChatOptions { Temperature = 0, MaxOutputTokens = _settings.MaxOutputTokens }, cancellationToken);
            return response.Text;
        }
        catch (ClientResultException e) when (e.Status is 429 or >= 500 or 408)
        {
            throw Unavailable(e, $"HTTP {e.Status}");
        }
        catch (ClientResultException e) when (e.Status is >= 400 and < 500)
        {
            throw new JudgeUnavailableException(
                $"judge {_settings.Model} at {_settings.Endpoint} refused the request: HTTP {e.Status} (check Endpoint, Model and the API key's variable)", e);
        }
        catch (HttpRequestException e)
        {
            throw Unavailable(e, e.Message);
        }
        catch (Polly.Timeout.TimeoutRejectedException e)
        {
            throw Unavailable(e, $"no reply within {_settings.Timeout.TotalSeconds:G} s");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or KeyNotFoundException
                                      && !cancellationToken.IsCancellationRequested)
        {
            // 200 with a body that is not a chat completion: counted as an unreadable reply.
            return null;
        }
        finally
        {
            _slots.Release();
        }
    }

    private JudgeUnavailableException Unavailable(Exception e, string what) =>
        new($"judge {_settings.Model} at {_settings.Endpoint} is unavailable: {what}, after {_settings.MaxRetries} retries", e);

    private string? CacheFile(string text)
    {
        if (_settings.CacheFolder is null) return null;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{_settings.Endpoint}\n{_settings.Model}\n{text}")));
        return Path.Combine(_settings.CacheFolder, hash[..2], hash + ".json");
    }

    private static async Task WriteAtomically(string path, string content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public void Dispose()
    {
        _chat.Dispose();
        _http.Dispose();
        _slots.Dispose();
    }
}
