using Halos.Abstractions.Losses;
using Halos.Losses.Compilation;
using Halos.Losses.Configuration;
using Halos.Losses.Declarations;
using Halos.Losses.Inputs;
using Halos.Losses.Scripting;
using Halos.Torch;
using Microsoft.Extensions.Configuration;

namespace Halos.Losses;

/// <summary>
/// A compiled <c>.csx</c> loss bound to its hyperparameters. <see cref="Load(string, IReadOnlyDictionary{string, string}?, LossScriptOptions?)"/>
/// compiles the file once (or loads the cached image), reads its declarations and binds the
/// configured values; <see cref="Compute"/> runs it on a microbatch.
/// </summary>
public sealed class LossScript : ILossFunction
{
    private readonly LoadedScript _loaded;
    private readonly RunningMeans _runningMeans = new();

    // The inputs the script reads: the only caller tensors it can hand back as part of its result.
    private readonly InputField[] _readFields;

    private readonly TimeSpan _callTimeout;
    private readonly CancellationToken _interrupt;

    private LossScript(string path, LoadedScript loaded, IReadOnlyDictionary<string, object> values, LossScriptOptions options)
    {
        ScriptPath = path;
        _callTimeout = options.CallTimeout;
        _interrupt = options.Interrupt;
        _loaded = loaded;
        Values = values;
        _readFields = loaded.Declarations.Inputs.Select(InputCatalog.Find).OfType<InputField>().ToArray();
    }

    /// <summary>The path as given, which errors quote.</summary>
    public string ScriptPath { get; }

    /// <summary>The file name without extension: "dpo" for losses/dpo.csx.</summary>
    public string Name => Path.GetFileNameWithoutExtension(ScriptPath);

    public DataKind Kind => _loaded.Declarations.Kind;
    /// <summary>Whether a reference pass runs: declared, and not switched off by a zero <see cref="ScriptDeclarations.ReferenceSwitch"/> (GRPO's β = 0).</summary>
    public bool NeedsReference => _loaded.Declarations.NeedsReference
                                  && (_loaded.Declarations.ReferenceSwitch is not { } name || Convert.ToDouble(Values[name], System.Globalization.CultureInfo.InvariantCulture) != 0);
    public IReadOnlyList<HyperParameter> Parameters => _loaded.Declarations.Parameters;
    public IReadOnlyCollection<string> Inputs => _loaded.Declarations.Inputs;

    /// <summary>The bound hyperparameter values (double, int or bool), defaults filled in.</summary>
    public IReadOnlyDictionary<string, object> Values { get; }

    internal ScriptDeclarations Declarations => _loaded.Declarations;

    /// <summary>Compiles (or loads from cache) the script at <paramref name="path"/> and binds <paramref name="parameters"/>.</summary>
    /// <exception cref="LossCompilationException">The script does not compile or is refused.</exception>
    /// <exception cref="LossConfigurationException">A parameter is unknown or of the wrong type.</exception>
    public static LossScript Load(string path, IReadOnlyDictionary<string, string>? parameters = null, LossScriptOptions? options = null)
    {
        options ??= LossScriptOptions.Default;
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such loss script (a loss is a .csx file, e.g. losses/dpo.csx)", path);
        var text = File.ReadAllText(path);
        var loaded = CompiledScriptCache.GetOrCompile(text, path, options.AllowUnrestricted, options.CacheDirectory, options.Warn);
        var values = HyperParameterBinder.Bind(path, loaded.Declarations, parameters ?? new Dictionary<string, string>());
        return new LossScript(path, loaded, values, options);
    }

    /// <summary>As <see cref="Load(string, IReadOnlyDictionary{string, string}?, LossScriptOptions?)"/>, with the values of a
    /// configuration section such as <c>Loss:Params</c>.</summary>
    public static LossScript Load(string path, IConfiguration parameters, LossScriptOptions? options = null) =>
        Load(path, LossConfiguration.Flatten(parameters), options);

    /// <summary>The same compiled script bound to other hyperparameters.</summary>
    public LossScript WithParameters(IReadOnlyDictionary<string, string> parameters) =>
        new(ScriptPath, _loaded, HyperParameterBinder.Bind(ScriptPath, _loaded.Declarations, parameters),
            LossScriptOptions.Default with { CallTimeout = _callTimeout, Interrupt = _interrupt });

    public LossResult Compute(LossInputs inputs) => Compute(inputs, null);

    internal LossResult Compute(LossInputs inputs, StopGradientTape? tape)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using var scope = torch.NewDisposeScope();
        var run = new ScriptRun(ScriptPath, Kind, inputs, Values, _runningMeans, tape);
        LossResult? result;
        try
        {
            using var watch = ScriptWatchdog.Watch(ScriptPath, _callTimeout, _interrupt);
            result = _loaded.Run(new LossScriptGlobals(run));
        }
        // The watchdog's stops name the script already and must reach the run loop as they are.
        catch (Exception e) when (e is not LossTimeoutException && !(e is OperationCanceledException && _interrupt.IsCancellationRequested))
        {
            throw new LossScriptException(ScriptPath, _loaded.LineOf(e), e);
        }
        if (result is null)
            throw new LossScriptException(ScriptPath, null, new InvalidOperationException("the script returned no result; end it with return Loss(...)"));
        if (result.Losses.dim() != 1)
            throw new LossScriptException(ScriptPath, null, new InvalidOperationException(
                $"Loss(...) takes per-example losses of shape [B]; the script returned shape [{string.Join(", ", result.Losses.shape)}]"));
        return LossResultOwnership.MoveOut(scope, result, inputs, _readFields);
    }

    /// <summary>Forgets running statistics (e.g. BCO's reward shift), as at the start of a new run.</summary>
    public void ResetState() => _runningMeans.Reset();

    public IReadOnlyDictionary<string, RunningMeanState> State => _runningMeans.Snapshot();

    public void RestoreState(IReadOnlyDictionary<string, RunningMeanState> state) => _runningMeans.Restore(state);
}
