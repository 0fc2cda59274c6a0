using Halos.Host.Cli;
using Halos.Host.Plugins;
using Microsoft.Extensions.Logging;

namespace Halos.Host.Tests.Support;

/// <summary>The result of one halos invocation: exit code and the two streams.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs the CLI in-process against a working folder, with an explicit environment.</summary>
public static class CliRun
{
    public static CliResult InProcess(string workingDirectory, IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellation = default,
        Action<PluginCatalog, ILogger>? addPlugins = null, string stdin = "")
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var io = new HostIO(new StringReader(stdin), stdout, stderr, ErrorIsTerminal: false,
            environment ?? new Dictionary<string, string>(), workingDirectory);
        var code = HalosCli.Run(args, io, cancellation, addPlugins);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
