using System.Globalization;

namespace Halos.Losses.Declarations;

public enum HyperParameterType { Number, Integer, Boolean, Choice }

/// <summary>
/// A hyperparameter a script declares with <c>Param(name, default, description)</c>, or with
/// <c>Choice(name, default, "a|b|c", description)</c> for one of a few named values (TRL's <c>loss_type</c>).
/// </summary>
public sealed record HyperParameter(string Name, HyperParameterType Type, object Default, string Description)
{
    /// <summary>The allowed values of a <see cref="HyperParameterType.Choice"/>; empty otherwise.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    public string TypeName => Type switch
    {
        HyperParameterType.Number => "number",
        HyperParameterType.Integer => "integer",
        HyperParameterType.Choice => string.Join("|", Choices),
        _ => "boolean",
    };

    public string FormatValue(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>"beta = 0.1 (number): inverse temperature..." as listings and errors print it.</summary>
    public override string ToString() => $"{Name} = {FormatValue(Default)} ({TypeName}): {Description}";
}
