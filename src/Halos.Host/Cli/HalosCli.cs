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
/// The command line: finds the verb, parses global and verb options, runs the verb, and maps what went
/// wrong to an exit code and one clear message (2: usage or configuration, 1: runtime, 130: interrupted).
/// </summary>
public static class HalosCli
{
    /// <summary>Runs one invocation. <paramref name="addPlugins"/> lets an embedding host (or a test) register in-process plugins.</summary>
    public static int Run(IReadOnlyList<string> args, HostIO io, CancellationToken cancellation = default,
        Action<PluginCatalog, ILogger>? addPlugins = null)
    {
        var globals = new GlobalOptions();
        Verb? verb = null;
        try
        {
            var i = 0;
            while (i < args.Count && args[i].StartsWith('-'))
            {
                if (!globals.TryConsume(args, ref i)) throw new UsageException($"unknown option '{args[i]}' before the verb");
                i++;
            }
            if (i >= args.Count)
            {
                if (globals.Help) { io.Out.WriteLine(HelpText.General()); return ExitCodes.Success; }
                io.Error.WriteLine(HelpText.General());
                return ExitCodes.UsageError;
            }
            (verb, var words) = VerbTable.Match(args, i);
            if (verb is null)
            {
                var names = VerbTable.All.Select(v => v.Name).ToList();
                var attempt = i + 1 < args.Count && !args[i + 1].StartsWith('-') ? $"{args[i]} {args[i + 1]}" : args[i];
                var suggestion = ClosestName.Find(attempt, names) ?? ClosestName.Find(args[i], names)
                    ?? names.FirstOrDefault(n => n.StartsWith(args[i] + " ", StringComparison.Ordinal));
                throw new UsageException($"unknown verb '{attempt}'" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?") + " ('halos --help' lists the verbs)");
            }
            i += words;

            var passThrough = new List<string>();
            var options = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (verb.PassesArgumentsThrough)
            {
                if (i < args.Count && args[i] is "--help" or "-h") globals.Help = true;
                else passThrough.AddRange(args.Skip(i));
            }
            else ParseVerbArguments(verb, args, i, globals, options);

            if (globals.Help) { io.Out.WriteLine(HelpText.For(verb)); return ExitCodes.Success; }
            if (verb.Options.FirstOrDefault(o => o.Required && !options.ContainsKey(o.Name)) is { } missing)
                throw new UsageException($"{missing.Name} is required");

            var surface = new ConsoleSurface(io.Error, io.ErrorIsTerminal && !globals.Quiet);
            using var context = new VerbContext(io, surface, globals, options, passThrough, cancellation,
                () => HalosSession.Open(Path.GetFullPath(globals.Root ?? ".", io.WorkingDirectory), globals, io, surface, addPlugins));
            try
            {
                return verb.Run(context);
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

    private static void ParseVerbArguments(Verb verb, IReadOnlyList<string> args, int i, GlobalOptions globals, Dictionary<string, string?> options)
    {
        for (; i < args.Count; i++)
        {
            if (globals.TryConsume(args, ref i)) continue;
            var (name, inline) = GlobalOptions.Split(args[i]);
            var option = verb.Options.FirstOrDefault(o => o.Name == name);
            if (option is null)
            {
                var known = verb.Options.Select(o => o.Name).Concat(GlobalOptions.All.Select(o => o.Name));
                throw new UsageException(args[i].StartsWith('-')
                    ? $"unknown option '{name}'{ClosestName.Suffix(name, known)}"
                    : $"unexpected argument '{args[i]}'");
            }
            if (option.IsFlag)
            {
                if (inline is not null) throw new UsageException($"{name} is a flag and takes no value");
                options[name] = null;
            }
            else options[name] = GlobalOptions.Value(args, ref i, name, inline);
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
