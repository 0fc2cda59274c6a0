using Halos.Abstractions.Data;
using Halos.Abstractions.Models;
using Halos.Abstractions.Running;
using Halos.Host.Configuration;
using Halos.Host.Console;
using Halos.Host.Hosting;
using Halos.Host.Plugins;
using Microsoft.Extensions.Logging;

namespace Halos.Host.Cli;

/// <summary>
/// The command line: parses it (<see cref="HalosCommandLine"/>), runs the verb, and maps what went wrong to an exit
/// code and one clear message (2: usage or configuration, 1: runtime, 130: interrupted).
/// </summary>
public static class HalosCli
{
    /// <summary>Runs one invocation. <paramref name="addPlugins"/> lets an embedding host (or a test) register in-process plugins.</summary>
    public static int Run(IReadOnlyList<string> args, HostIO io, CancellationToken cancellation = default,
        Action<PluginCatalog, ILogger>? addPlugins = null)
    {
        Verb? verb = null;
        try
        {
            var line = HalosCommandLine.Instance.Parse(args);
            verb = line.Verb;
            var globals = line.Globals;
            if (line.Problem is not null) throw new UsageException(line.Problem);
            if (verb is null)
            {
                if (globals.Help) { io.Out.WriteLine(HelpText.General()); return ExitCodes.Success; }
                io.Error.WriteLine(HelpText.General());
                return ExitCodes.UsageError;
            }
            var options = line.Options;

            if (globals.Help) { io.Out.WriteLine(HelpText.For(verb)); return ExitCodes.Success; }
            if (verb.Options.FirstOrDefault(o => o.Required && !options.ContainsKey(o.Name)) is { } missing)
                throw new UsageException($"{missing.Name} is required");

            var surface = new ConsoleSurface(io.Error, io.ErrorIsTerminal && !globals.Quiet);
            using var context = new VerbContext(io, surface, globals, line, cancellation,
                () => HalosSession.Open(Path.GetFullPath(globals.Root ?? ".", io.WorkingDirectory), globals, io, surface, addPlugins));
            try
            {
                // Overrides are checked on every verb, also one that reads no configuration: a misspelt key is never silently ignored.
                if (globals.Overrides.Count > 0 && !verb.ReportsConfigurationErrors)
                    OptionsBinder.Bind(LayeredConfiguration.Load(context.Root, globals.Profile, io.Environment, globals.Overrides));
                return verb.Run(context);
            }
            catch (InputException e)
            {
                io.Error.WriteLine($"halos {verb.Name}: {e.Message}");
                return ExitCodes.UsageError;
            }
            catch (Exception e) when (e is not (UsageException or ConfigurationException))
            {
                return RuntimeFailure(e, context, verb, io, cancellation);
            }
        }
        catch (UsageException e)
        {
            var prefix = verb is null ? "halos" : $"halos {verb.Name}";
            io.Error.WriteLine($"{prefix}: {e.Message}");
            if (verb is not null) io.Error.WriteLine($"usage: {HelpText.Synopsis(verb)}  ('halos {verb.Name} --help' for more)");
            return ExitCodes.UsageError;
        }
        catch (ConfigurationException e)
        {
            io.Error.WriteLine("halos: configuration error:");
            foreach (var error in e.Errors) io.Error.WriteLine($"  {error}");
            return ExitCodes.UsageError;
        }
    }

    private static int RuntimeFailure(Exception e, VerbContext context, Verb verb, HostIO io, CancellationToken cancellation)
    {
        switch (e)
        {
            case OperationCanceledException when cancellation.IsCancellationRequested:
                io.Error.WriteLine($"halos {verb.Name}: interrupted");
                return ExitCodes.Interrupted;
            case RunStoppedException:
                io.Error.WriteLine($"halos {verb.Name}: stopped: {e.Message}");
                return ExitCodes.RuntimeFailure;
            case ModelSpecException:
                io.Error.WriteLine($"halos {verb.Name}: model error: {e.Message}");
                return ExitCodes.UsageError;
            case DataFormatException:
                io.Error.WriteLine($"halos {verb.Name}: data error: {e.Message}");
                return ExitCodes.RuntimeFailure;
            default:
                io.Error.WriteLine($"halos {verb.Name}: error: {e.GetType().Name}: {e.Message}");
                // The stack trace is for bug reports, not for the console: it goes to the debug log.
                if (context.HasSession) context.Session.Logger("Halos.Host").LogDebug(e, "{Verb} failed", verb.Name);
                return ExitCodes.RuntimeFailure;
        }
    }
}
