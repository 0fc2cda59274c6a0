using System.Reflection;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Rewards;
using Halos.Losses.Compilation;
using Halos.Losses.Scripting;
using Microsoft.CodeAnalysis.CSharp.Scripting;

namespace Halos.Losses.Rewards;

/// <summary>
/// A reward written as a <c>.csx</c> script: top-level statements over <see cref="RewardScriptGlobals"/> that
/// return one completion's reward (<c>double?</c>; <c>null</c> skips the completion). It goes through the same
/// Roslyn compiler and sandbox as a loss script: the API allow-list (plus System.Text.RegularExpressions), no
/// recursion, and a watchdog in every loop that stops a call past its time limit or at Ctrl+C.
/// </summary>
public sealed class RewardScript : IRewardFunction
{
    private static readonly string[] Imports = ["System", "System.Linq", "System.Collections.Generic", "System.Text.RegularExpressions"];

    private readonly Assembly _assembly;
    private readonly Func<object?[], Task<double?>> _factory;
    private readonly TimeSpan _callTimeout;
    private readonly CancellationToken _interrupt;

    private RewardScript(string path, Assembly assembly, Func<object?[], Task<double?>> factory, TimeSpan callTimeout, CancellationToken interrupt)
    {
        ScriptPath = path;
        _assembly = assembly;
        _factory = factory;
        _callTimeout = callTimeout;
        _interrupt = interrupt;
    }

    public string ScriptPath { get; }

    /// <summary>The script's file name without its extension (<c>rewards/arithmetic.csx</c> logs as <c>arithmetic</c>), unless given another.</summary>
    public string Name { get; init; } = "";

    public IReadOnlyList<double?> Score(IReadOnlyList<RewardQuery> queries, CancellationToken cancellationToken)
    {
        var rewards = new double?[queries.Count];
        for (var i = 0; i < queries.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rewards[i] = Score(queries[i]);
        }
        return rewards;
    }

    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="LossCompilationException">The script does not compile, or uses an API the sandbox refuses.</exception>
    public static RewardScript Load(string path, bool unrestricted = false, TimeSpan? callTimeout = null, CancellationToken interrupt = default)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such reward script (a reward is a .csx file returning a number, e.g. rewards/arithmetic.csx)", path);
        var text = File.ReadAllText(path);
        var script = CSharpScript.Create<double?>(text, LossScriptCompiler.Options(path, unrestricted, Imports), typeof(RewardScriptGlobals));
        var (emitted, _, referenced) = LossScriptCompiler.Emit(script, path, unrestricted, (_, _, _) => 0);
        var (assembly, factory) = LoadedScript.LoadEntry<double?>(emitted.Image, emitted.EntryType, emitted.EntryMethod, referenced);
        return new RewardScript(path, assembly, factory, callTimeout ?? TimeSpan.FromSeconds(10), interrupt) { Name = Path.GetFileNameWithoutExtension(path) };
    }

    /// <summary>The reward of one completion, or null when the script skips it.</summary>
    /// <exception cref="RewardScriptException">The script threw, or returned a value that is not finite; names the line and the row.</exception>
    /// <exception cref="LossTimeoutException">The call ran past its time limit.</exception>
    public double? Score(RewardQuery query)
    {
        double? value;
        try
        {
            using var watch = ScriptWatchdog.Watch(ScriptPath, _callTimeout, _interrupt);
            value = _factory([new RewardScriptGlobals(query), null]).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not LossTimeoutException && !(e is OperationCanceledException && _interrupt.IsCancellationRequested))
        {
            throw new RewardScriptException(ScriptPath, LoadedScript.LineIn(_assembly, e), query.RowId, e);
        }
        if (value is { } v && !double.IsFinite(v))
            throw new RewardScriptException(ScriptPath, null, query.RowId, new InvalidOperationException($"the script returned {v}; a reward must be a finite number, or null to skip the completion"));
        return value;
    }
}
