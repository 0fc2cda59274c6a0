namespace Halos.Tokenizers;

/// <summary>
/// A tokenizer file that cannot be used as written: malformed JSON, a missing key, or a component
/// type this engine does not implement. The message names the file and the JSON path, so the user
/// can find the offending entry without a debugger.
/// </summary>
public sealed class TokenizerFormatException : Exception
{
    public TokenizerFormatException(string message, Exception? inner = null) : base(message, inner) { }
}
