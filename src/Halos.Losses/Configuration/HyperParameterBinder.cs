using System.Globalization;
using Halos.Abstractions.Options;
using Halos.Losses.Declarations;

namespace Halos.Losses.Configuration;

/// <summary>
/// Binds configured hyperparameter strings (e.g. <c>Loss:Params:beta=0.2</c>) to a script's
/// declared parameters. An undeclared key, or a value that does not parse as the declared type,
/// is an error naming the script, the key, and what was expected.
/// </summary>
internal static class HyperParameterBinder
{
    public static IReadOnlyDictionary<string, object> Bind(string scriptPath, ScriptDeclarations declarations,
        IReadOnlyDictionary<string, string> configured, string keyPrefix = "Loss:Params:")
    {
        var values = declarations.Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal);
        foreach (var (key, raw) in configured)
        {
            var parameter = declarations.FindParameter(key)
                            ?? throw new LossConfigurationException(
                                $"{scriptPath}: unknown hyperparameter '{key}' ({keyPrefix}{key})"
                                + $"{ClosestName.Suffix(key, declarations.Parameters.Select(p => p.Name))}; {Declared(declarations)}");
            values[key] = Parse(scriptPath, parameter, raw, keyPrefix);
        }
        return values;
    }

    public static string Declared(ScriptDeclarations declarations) =>
        declarations.Parameters.Count == 0
            ? "the script declares no hyperparameters"
            : "declared: " + string.Join("; ", declarations.Parameters.Select(p => p.ToString()));

    private static object Parse(string scriptPath, HyperParameter p, string raw, string keyPrefix)
    {
        var text = raw.Trim();
        object? value = p.Type switch
        {
            HyperParameterType.Number => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null,
            HyperParameterType.Integer => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            HyperParameterType.Choice => p.Choices.Contains(text, StringComparer.Ordinal) ? text : null,
            _ => bool.TryParse(text, out var b) ? b : null,
        };
        return value ?? throw new LossConfigurationException(
            $"{scriptPath}: hyperparameter '{p.Name}' ({keyPrefix}{p.Name}) expects {Expected(p)}, got '{raw}'");
    }

    private static string Expected(HyperParameter p) => p.Type switch
    {
        HyperParameterType.Choice => "one of " + string.Join(", ", p.Choices),
        HyperParameterType.Number => "a finite number such as 0.1",
        HyperParameterType.Integer => "a whole number such as 4",
        _ => "true or false",
    };
}
