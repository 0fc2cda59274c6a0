using Halos.Losses.Compilation;
using Halos.Losses.Inputs;

namespace Halos.Losses.Commands;

/// <summary>Exit codes of the loss verbs, and how each failure is reported.</summary>
internal static class CommandOutcome
{
    public const int Ok = 0, Failed = 1, Usage = 2;

    /// <summary>Runs a verb, turning the errors a user can cause into a message on stderr and an exit code.</summary>
    public static int Guard(TextWriter stderr, Func<int> verb)
    {
        try
        {
            return verb();
        }
        catch (LossCompilationException e)
        {
            foreach (var d in e.Diagnostics) stderr.WriteLine(d);
            return Failed;
        }
        catch (LossConfigurationException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Usage;
        }
        catch (LossScriptException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Failed;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InputsFormatException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Usage;
        }
    }
}
