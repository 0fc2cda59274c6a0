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
public sealed class ChatTemplateVerb : Verb
{
    public override string Name => "chat-template";

    public override string Summary => "Render messages with a tokenizer's chat template; print the text and its token ids";

    public override string InputFormat =>
        "--messages: a JSON array of {\"role\", \"content\"} objects, or an object holding one under \"messages\".\n"
        + "Output: the rendered text, then \"ids (N): [...]\" (the template writes BOS and turn markers itself).";

    public override IReadOnlyList<VerbOption> Options =>
    [
        new("--tokenizer", "DIR", "a folder with tokenizer.json and tokenizer_config.json (its chat_template)", Required: true),
        new("--messages", "FILE", "the conversation to render (see input)", Required: true),
        new("--add-generation-prompt", null, "end with the assistant turn's opening, as for generation (default: off)"),
    ];

    public override int Run(VerbContext context)
    {
        var tokenizerPath = context.PathOption("--tokenizer")!;
        var messagesPath = context.PathOption("--messages")!;
        if (!File.Exists(messagesPath)) throw new InputException($"{messagesPath}: messages file not found");
        try
        {
            var tokenizer = HuggingFaceTokenizer.Load(tokenizerPath);
            var text = tokenizer.ApplyChatTemplate(ReadMessages(messagesPath), context.Flag("--add-generation-prompt"));
            var ids = tokenizer.Encode(text, addSpecialTokens: false);
            context.IO.Out.WriteLine(text);
            context.IO.Out.WriteLine($"ids ({ids.Length}): {JsonSerializer.Serialize(ids)}");
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is TokenizerFormatException or TemplateException or InvalidOperationException or FileNotFoundException
                                      or DirectoryNotFoundException or InvalidDataException or JsonException)
        {
            throw new InputException(e.Message, e);
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
}
