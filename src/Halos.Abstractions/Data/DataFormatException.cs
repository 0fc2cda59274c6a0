namespace Halos.Abstractions.Data;

/// <summary>
/// Bad input data, located: <c>data/train.csv:17: expected 3 columns (prompt,chosen,rejected), got 2</c>.
/// Loaders throw it so that every data error a user sees names the file and line, and the host
/// reports it without a stack trace.
/// </summary>
public sealed class DataFormatException(string source, long? line, string problem, Exception? inner = null)
    : Exception(line is { } l ? $"{source}:{l}: {problem}" : $"{source}: {problem}", inner)
{
    /// <summary>The file (or dataset name) the bad input came from.</summary>
    public string Input { get; } = source;

    /// <summary>The 1-based line or row, when the format has lines.</summary>
    public long? Line { get; } = line;

    /// <summary>What was wrong and what was expected, without the location.</summary>
    public string Problem { get; } = problem;
}
