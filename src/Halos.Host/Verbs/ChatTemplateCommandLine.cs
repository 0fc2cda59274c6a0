using System.Text.Json;
using Halos.Abstractions.Data;
using Halos.Data.Tokenization;
using Halos.Host.Cli;
using Halos.Templates;
using Halos.Tokenizers;

namespace Halos.Host.Verbs;

/// <summary>
/// <c>halos chat-template</c>: renders a conversation with a tokenizer folder's chat template, as
/// <c>apply_chat_template</c> would, and prints the text and its token ids, so a user can check exactly what
/// a model will see without writing code.
/// </summary>
public static class ChatTemplateCommandLine
{
    public const string Synopsis = "--tokenizer DIR --messages FILE.json [--add-generation-prompt]";

    public const string Usage = "usage: halos chat-template " + Synopsis;

    public const string Summary = "Render messages with a tokenizer's chat template; print the text and its token ids";

    /// <summary>Returns the exit code: 0 done, 2 a usage or input error (named).</summary>
    public static int Run(IReadOnlyList<string> args, HostIO io)
    {
        string? tokenizerPath = null, messagesPath = null;
        var addGenerationPrompt = false;
        for (var i = 0; i < args.Count; i++)
        {
            var hasValue = i + 1 < args.Count;
            switch (args[i])
            {
                case "--tokenizer" when hasValue: tokenizerPath = args[++i]; break;
                case "--messages" when hasValue: messagesPath = args[++i]; break;
                case "--add-generation-prompt": addGenerationPrompt = true; break;
                default:
                    return Fail(io, args[i].StartsWith("--") && !hasValue ? $"{args[i]} expects a value" : $"unexpected argument '{args[i]}'", usage: true);
            }
        }
        if (tokenizerPath is null || messagesPath is null) return Fail(io, "--tokenizer and --messages are required", usage: true);
        tokenizerPath = Path.GetFullPath(tokenizerPath, io.WorkingDirectory);
        messagesPath = Path.GetFullPath(messagesPath, io.WorkingDirectory);
        if (!File.Exists(messagesPath)) return Fail(io, $"{messagesPath}: messages file not found");
        try
        {
            var tokenizer = HuggingFaceTokenizer.Load(tokenizerPath);
            var messages = ReadMessages(messagesPath);
            var text = tokenizer.ApplyChatTemplate(messages, addGenerationPrompt);
            // The template writes BOS and the turn markers itself, as apply_chat_template(tokenize=True) does.
            var ids = tokenizer.Encode(text, addSpecialTokens: false);
            io.Out.WriteLine(text);
            io.Out.WriteLine($"ids ({ids.Length}): {JsonSerializer.Serialize(ids)}");
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is TokenizerFormatException or TemplateException or InvalidOperationException or FileNotFoundException
                                      or DirectoryNotFoundException or InvalidDataException or JsonException)
        {
            return Fail(io, e.Message);
        }
    }

    /// <summary>A JSON array of {"role", "content"} objects, or an object holding one under "messages".</summary>
    private static IReadOnlyList<ChatMessage> ReadMessages(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("messages", out var inner)) root = inner;
        if (root.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: expected a JSON array of {{\"role\", \"content\"}} objects (or an object with \"messages\")");
        return root.EnumerateArray().Select((m, i) =>
            m.ValueKind == JsonValueKind.Object && m.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String
            && m.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                ? new ChatMessage(role.GetString()!, content.GetString()!)
                : throw new InvalidDataException($"{path}: messages[{i}] must be an object with string \"role\" and \"content\"")).ToList();
    }

    private static int Fail(HostIO io, string problem, bool usage = false)
    {
        io.Error.WriteLine(usage ? $"chat-template: {problem}\n{Usage}" : $"chat-template: {problem}");
        return ExitCodes.UsageError;
    }
}
