using System.Globalization;

namespace Halos.Abstractions.Losses;

/// <summary>
/// One call of a loss ran past its wall-time limit and was stopped. A run loop that catches it saves a
/// checkpoint of the last completed step before it reports the error, which names the script.
/// </summary>
public sealed class LossTimeoutException(string scriptPath, TimeSpan limit)
    : Exception($"{scriptPath}: one call of the loss script ran longer than its limit of " +
        $"{limit.TotalSeconds.ToString("G", CultureInfo.InvariantCulture)} s and was stopped " +
        "(a loss takes milliseconds: look for a loop that never ends; Loss:CallTimeoutSeconds sets the limit)")
{
    public string ScriptPath { get; } = scriptPath;
    public TimeSpan Limit { get; } = limit;
}
