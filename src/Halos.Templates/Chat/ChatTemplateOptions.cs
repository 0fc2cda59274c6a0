namespace Halos.Templates.Chat;

/// <summary>
/// The arguments of transformers' <c>apply_chat_template</c> besides the messages.
/// </summary>
public sealed record ChatTemplateOptions
{
    /// <summary>Append the header that starts an assistant turn (<c>add_generation_prompt</c>).</summary>
    public bool AddGenerationPrompt { get; init; }

    /// <summary>Tool schemas (JSON-schema function descriptions); passed as <c>tools</c>, None when absent.</summary>
    public IReadOnlyList<object?>? Tools { get; init; }

    /// <summary>Retrieval documents for RAG templates; passed as <c>documents</c>, None when absent.</summary>
    public IReadOnlyList<object?>? Documents { get; init; }

    /// <summary>Extra template variables (transformers' <c>**kwargs</c>), e.g. <c>enable_thinking</c>. They override special tokens.</summary>
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }
}
