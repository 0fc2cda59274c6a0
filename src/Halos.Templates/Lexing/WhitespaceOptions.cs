namespace Halos.Templates.Lexing;

/// <summary>
/// Jinja's whitespace switches. Hugging Face renders chat templates with both on, so that is the default.
/// </summary>
public sealed record WhitespaceOptions(bool TrimBlocks = true, bool LstripBlocks = true, bool KeepTrailingNewline = false)
{
    public static WhitespaceOptions HuggingFace { get; } = new();
    public static WhitespaceOptions JinjaDefaults { get; } = new(false, false, false);
}
