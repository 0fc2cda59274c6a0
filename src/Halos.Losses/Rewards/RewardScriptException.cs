namespace Halos.Losses.Rewards;

/// <summary>A reward script threw: the message names the script, its line, and the data row being rewarded.</summary>
public sealed class RewardScriptException(string path, int? line, string rowId, Exception inner)
    : Exception($"{path}{(line is { } l ? $"({l})" : "")}: while rewarding row {rowId}: {inner.GetType().Name}: {inner.Message}", inner)
{
    public string ScriptPath { get; } = path;
    public int? Line { get; } = line;
    public string RowId { get; } = rowId;
}
