using Halos.Host.Cli;
using Halos.Losses;
using Halos.Losses.Commands;
using Halos.Losses.Configuration;

namespace Halos.Host.Verbs;

/// <summary>
/// <c>halos loss check|list|eval</c>, on the command classes of Halos.Losses. Hyperparameters are spelt as
/// <c>train</c> spells them, <c>--Loss:Params:NAME=value</c>, with <c>--set NAME=value</c> as a short alias.
/// </summary>
public static class LossVerbs
{
    public static IReadOnlyList<Verb> All { get; } = [new LossCheckVerb(), new LossListVerb(), new LossEvalVerb()];

    private const string ParamsPrefix = "--Loss:Params:";

    internal static readonly VerbOption Set = new("--set", "NAME=VALUE", "a hyperparameter, as --Loss:Params:NAME=VALUE (default: the script's own)") { Repeats = true };

    internal static readonly VerbOption[] ScriptOptions =
    [
        new("--unrestricted", null, "let the script use any .NET API (default: tensors, math and the script globals only)"),
        new("--cache", "DIR", "where compiled scripts are cached (default: $XDG_CACHE_HOME/halos/scripts)"),
    ];

    internal static readonly VerbArgument Script = new("SCRIPT", "a loss script: a .csx file, or a name from losses/ (dpo for losses/dpo.csx)");

    /// <summary>The hyperparameters of the command line: <c>--Loss:Params:NAME=value</c> overrides, then <c>--set</c>.</summary>
    internal static Dictionary<string, string> Parameters(VerbContext context)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in context.Globals.Overrides.Where(o => o.StartsWith(ParamsPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            var (name, value) = GlobalOptions.Split(token[ParamsPrefix.Length..]);
            if (name.Length == 0 || value is null) throw new UsageException($"{token}: expected {ParamsPrefix}NAME=value, e.g. {ParamsPrefix}beta=0.2");
            parameters[name] = value;
        }
        foreach (var pair in context.Options("--set"))
        {
            var (name, value) = GlobalOptions.Split(pair);
            if (name.Length == 0 || value is null) throw new UsageException($"--set {pair}: expected NAME=VALUE, e.g. --set beta=0.2");
            parameters[name] = value;
        }
        return parameters;
    }

    internal static LossScriptOptions Options(VerbContext context) => new()
    {
        AllowUnrestricted = context.Flag("--unrestricted"),
        CacheDirectory = context.PathOption("--cache") ?? LossScriptOptions.DefaultCacheDirectory(),
    };

    /// <summary>A script path as written, or a name from the losses folder beside the configuration.</summary>
    internal static string ScriptPath(VerbContext context, string script)
    {
        var path = Path.GetFullPath(script, context.IO.WorkingDirectory);
        if (File.Exists(path) || script.EndsWith(".csx", StringComparison.OrdinalIgnoreCase) || script.Contains('/')) return path;
        var named = Path.Combine(LossesFolder.For(context.Root), script + ".csx");
        return File.Exists(named) ? named : path;
    }
}

/// <summary><c>halos loss check SCRIPT</c>.</summary>
public sealed class LossCheckVerb : Verb
{
    public override string Name => "loss check";

    public override string Summary => "Compile a loss script, run it on synthetic inputs and check its gradients";

    public override IReadOnlyList<VerbArgument> Arguments => [LossVerbs.Script];

    public override IReadOnlyList<VerbOption> Options => [LossVerbs.Set, .. LossVerbs.ScriptOptions];

    public override int Run(VerbContext context) =>
        LossCheckCommand.Run(LossVerbs.ScriptPath(context, context.Arguments[0]), LossVerbs.Parameters(context), LossVerbs.Options(context),
            context.IO.Out, context.IO.Error);
}

/// <summary><c>halos loss list</c>.</summary>
public sealed class LossListVerb : Verb
{
    public override string Name => "loss list";

    public override string Summary => "List the loss scripts with their data kind, reference use and hyperparameters";

    public override IReadOnlyList<VerbOption> Options =>
        [new("--dir", "DIR", "the folder of scripts (default: losses/ of the project, or the one installed beside halos)"), .. LossVerbs.ScriptOptions];

    public override int Run(VerbContext context)
    {
        return LossListCommand.Run(context.PathOption("--dir") ?? LossesFolder.For(context.Root), LossVerbs.Options(context), context.IO.Out, context.IO.Error);
    }
}

/// <summary><c>halos loss eval SCRIPT --inputs FILE</c>.</summary>
public sealed class LossEvalVerb : Verb
{
    public override string Name => "loss eval";

    public override string Summary => "Evaluate a loss script on inputs from a JSON file";

    public override string InputFormat =>
        "--inputs: a JSON object of loss inputs by name (PolicyChosen, ReferenceRejected, ChosenMask, ...), each a number array\n"
        + "of the input's shape ('halos loss check' lists what a script reads). Output: the per-example losses, rewards and metrics as JSON.";

    public override IReadOnlyList<VerbArgument> Arguments => [LossVerbs.Script];

    public override IReadOnlyList<VerbOption> Options =>
        [new("--inputs", "FILE", "the loss inputs (see input)", Required: true), LossVerbs.Set, .. LossVerbs.ScriptOptions];

    public override int Run(VerbContext context) =>
        LossEvalCommand.Run(LossVerbs.ScriptPath(context, context.Arguments[0]), context.PathOption("--inputs")!, LossVerbs.Parameters(context),
            LossVerbs.Options(context), context.IO.Out, context.IO.Error);
}
