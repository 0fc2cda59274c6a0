using Halos.Host.Cli;
using Halos.Losses.Commands;

namespace Halos.Host.Verbs;

/// <summary><c>halos loss check|list|eval</c>, implemented by the command classes of Halos.Losses.</summary>
public static class LossVerbs
{
    public static IReadOnlyList<Verb> All { get; } =
    [
        Delegate("loss check", "Compile a loss script, run it on synthetic inputs and check its gradients", LossCheckCommand.Usage, LossCheckCommand.Run),
        Delegate("loss list", "List the loss scripts with their data kind, reference use and hyperparameters", LossListCommand.Usage, LossListCommand.Run),
        Delegate("loss eval", "Evaluate a loss script on inputs from a JSON file", LossEvalCommand.Usage, LossEvalCommand.Run),
    ];

    private static DelegatedVerb Delegate(string name, string summary, string usage, Func<IReadOnlyList<string>, TextWriter, TextWriter, int> run) =>
        new(name, summary, usage.Replace($"usage: halos {name}", "").Trim(), (args, io) => run(args, io.Out, io.Error));
}
