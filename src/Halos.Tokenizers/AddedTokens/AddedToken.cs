namespace Halos.Tokenizers;

/// <summary>
/// A token from tokenizer.json's "added_tokens": matched in the raw text before the model runs.
/// <see cref="LStrip"/>/<see cref="RStrip"/> swallow whitespace on that side, <see cref="SingleWord"/>
/// matches only when not inside a word, <see cref="Normalized"/> matches against normalized text.
/// </summary>
public sealed record AddedToken(string Content, int Id, bool Special, bool LStrip = false, bool RStrip = false, bool SingleWord = false, bool Normalized = false);
