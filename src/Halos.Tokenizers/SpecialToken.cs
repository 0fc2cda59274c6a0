namespace Halos.Tokenizers;

/// <summary>A special token's text and id, e.g. ("&lt;|begin_of_text|&gt;", 128000).</summary>
public readonly record struct SpecialToken(string Content, int Id);
