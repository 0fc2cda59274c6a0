using Halos.Abstractions.Losses;
using Halos.Losses.Inputs;
using Halos.Torch;

namespace Halos.Losses.Scripting;

/// <summary>The state of one evaluation of a script: its inputs, bound hyperparameters and metrics.</summary>
internal sealed class ScriptRun(string scriptName, DataKind kind, LossInputs inputs, IReadOnlyDictionary<string, object> parameters,
    RunningMeans runningMeans, StopGradientTape? tape)
{
    /// <summary>The metrics reported so far; null until the first, so a loss without metrics allocates none.</summary>
    public Dictionary<string, Tensor>? Metrics { get; private set; }

    public void AddMetric(string name, Tensor value) => (Metrics ??= new Dictionary<string, Tensor>(StringComparer.Ordinal))[name] = value;
    public LossInputs Inputs => inputs;
    public RunningMeans RunningMeans => runningMeans;
    public StopGradientTape? Tape => tape;

    public Tensor Require(Tensor? value, string name)
    {
        if (value is not null) return value;
        var field = InputCatalog.Get(name);
        throw new LossInputMissingException(
            $"{scriptName} reads {name} ({field.Shape}, {field.Description}), but the {kind.ToString().ToLowerInvariant()} inputs it was given have none"
            + $" ({name} comes with {string.Join(" or ", field.ProvidedBy.Select(k => k.ToString().ToLowerInvariant()))} data)");
    }

    public T Parameter<T>(string name)
    {
        if (!parameters.TryGetValue(name, out var v))
            throw new InvalidOperationException($"{scriptName}: Param(\"{name}\") was not declared with constant arguments");
        return v is T t ? t : throw new InvalidOperationException($"{scriptName}: Param(\"{name}\") is declared as {v.GetType().Name}, read as {typeof(T).Name}");
    }
}

/// <summary>A script read an input its caller did not provide.</summary>
public sealed class LossInputMissingException(string message) : Exception(message);
