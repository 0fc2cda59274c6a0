using System.IO.Compression;
using System.Text.Json;

namespace Quickstart;

/// <summary>One Anthropic HH row: the same conversation ending in a chosen and a rejected reply.</summary>
internal sealed record PreferencePair(string Chosen, string Rejected)
{
    public static List<PreferencePair> ReadJsonl(string path)
    {
        var pairs = new List<PreferencePair>();
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz") ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                pairs.Add(new PreferencePair(doc.RootElement.GetProperty("chosen").GetString()!, doc.RootElement.GetProperty("rejected").GetString()!));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}:{lineNo}: expected a JSON object with string fields 'chosen' and 'rejected' ({e.Message})");
            }
        }
        return pairs;
    }

    /// <summary>The final assistant turn: the part of the conversation the two sides disagree on.</summary>
    public static string LastReply(string conversation)
    {
        var i = conversation.LastIndexOf("\n\nAssistant:", StringComparison.Ordinal);
        return i < 0 ? conversation : conversation[(i + "\n\nAssistant:".Length)..];
    }
}
