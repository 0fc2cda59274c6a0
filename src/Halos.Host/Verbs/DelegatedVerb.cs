using Halos.Host.Cli;

namespace Halos.Host.Verbs;

/// <summary>
/// A verb whose logic is a command class in another library (<c>Run(args, stdout, stderr)</c>, returning the
/// exit code). It parses its own arguments; the host only supplies help and the exit-code contract.
/// </summary>
public sealed class DelegatedVerb(string name, string summary, string argumentsSynopsis, Func<IReadOnlyList<string>, HostIO, int> run) : Verb
{
    public override string Name => name;

    public override string Summary => summary;

    public override bool PassesArgumentsThrough => true;

    public override string ArgumentsSynopsis => argumentsSynopsis;

    public override int Run(VerbContext context) => run(context.PassThrough, context.IO);
}
