namespace Halos.Losses;

/// <summary>A loss script threw while computing; the message names the script and the line, the inner exception is the cause.</summary>
public sealed class LossScriptException(string path, int? line, Exception inner)
    : Exception($"{path}{(line is { } l ? $"({l})" : "")}: {inner.GetType().Name}: {inner.Message}", inner)
{
    public string ScriptPath { get; } = path;
    public int? Line { get; } = line;
}
