using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Halos.Abstractions.Options;
using Microsoft.Extensions.Configuration;

namespace Halos.Host.Configuration;

/// <summary>
/// Binds the typed option sections strictly: an unknown key, a value of the wrong type, or a value
/// outside its declared range is an error naming the key and the layer that set it. All errors are
/// collected, so one start-up reports every problem at once.
/// </summary>
public static class OptionsBinder
{
    public static HalosOptions Bind(LayeredConfiguration configuration)
    {
        var errors = new List<ConfigurationError>();
        var known = HalosOptions.Sections.Select(s => s.Section).Concat(HalosOptions.PassThroughSections).ToList();
        foreach (var top in configuration.Root.GetChildren())
        {
            if (known.Contains(top.Key, StringComparer.OrdinalIgnoreCase)) continue;
            errors.Add(new ConfigurationError(top.Key,
                $"unknown section; expected one of {string.Join(", ", known)}{ClosestName.Suffix(top.Key, known)}",
                configuration.SourceOf(FirstLeaf(top))));
        }

        var bound = HalosOptions.Sections.ToDictionary(s => s.Section, s => BindSection(configuration, s.Section, s.Type, errors));
        if (errors.Count > 0) throw new ConfigurationException(errors);
        return new HalosOptions(
            (TrainingOptions)bound[TrainingOptions.Section],
            (DataOptions)bound[DataOptions.Section],
            (ModelOptions)bound[ModelOptions.Section],
            (LossOptions)bound[LossOptions.Section],
            (PluginsOptions)bound[PluginsOptions.Section],
            (MetricsOptions)bound[MetricsOptions.Section],
            (GenerationOptions)bound[GenerationOptions.Section],
            (RewardOptions)bound[RewardOptions.Section]);
    }

    /// <summary>The bindable properties of an options type, by name (case-insensitive, as configuration keys are).</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> PropertiesOf(Type optionsType) =>
        optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public static bool IsFreeForm(PropertyInfo property) => property.PropertyType == typeof(IConfiguration);

    private static object BindSection(LayeredConfiguration configuration, string sectionName, Type type, List<ConfigurationError> errors)
    {
        var instance = Activator.CreateInstance(type)!;
        var properties = PropertiesOf(type);
        var section = configuration.Root.GetSection(sectionName);
        if (section.Value is not null)
            errors.Add(new ConfigurationError(sectionName, "expected a section of keys, got a single value", configuration.SourceOf(sectionName)));

        foreach (var child in section.GetChildren())
        {
            if (MovedKeys.NewHomeOf(child.Path) is { } moved)
            {
                errors.Add(new ConfigurationError(child.Path, moved, configuration.SourceOf(FirstLeaf(child))));
                continue;
            }
            if (!properties.TryGetValue(child.Key, out var property))
            {
                var hint = ClosestName.Find(child.Key, properties.Keys) is { } near
                    ? $"did you mean '{sectionName}:{near}'?"
                    : $"{sectionName} has {string.Join(", ", properties.Keys)}";
                errors.Add(new ConfigurationError(child.Path, $"unknown key; {hint}",
                    configuration.SourceOf(FirstLeaf(child))));
                continue;
            }
            var error = BindProperty(instance, property, child);
            if (error is not null) errors.Add(new ConfigurationError(child.Path, error, configuration.SourceOf(FirstLeaf(child))));
        }

        foreach (var property in properties.Values)
        {
            // Free-form sections are never null, so plugins can read them without checks.
            if (IsFreeForm(property)) property.SetValue(instance, property.GetValue(instance) ?? section.GetSection(property.Name));
            var key = $"{sectionName}:{property.Name}";
            foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
            {
                var value = property.GetValue(instance);
                if (!Satisfies(rule, value)) errors.Add(new ConfigurationError(key, Explain(rule, value), configuration.SourceOf(key)));
            }
        }
        return instance;
    }

    /// <summary>Sets one property from its configuration node; returns the problem, or null when it bound.</summary>
    private static string? BindProperty(object instance, PropertyInfo property, IConfigurationSection node)
    {
        var type = property.PropertyType;
        var hasChildren = node.GetChildren().Any();
        if (IsFreeForm(property))
        {
            if (node.Value is not null && !hasChildren) return $"expected a section of settings, got the value '{node.Value}'";
            property.SetValue(instance, node);
            return null;
        }
        if (type == typeof(string[]))
        {
            if (node.Value is not null && !hasChildren) return $"expected a list (a JSON array, or {node.Path}:0, {node.Path}:1, ...), got the value '{node.Value}'";
            var items = new List<string>();
            foreach (var item in node.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue))
            {
                if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return $"expected a list, but it has the key '{item.Key}'";
                if (item.Value is null) return $"expected a list of values, but item {item.Key} is a section";
                items.Add(item.Value);
            }
            property.SetValue(instance, items.ToArray());
            return null;
        }
        if (hasChildren) return $"expected a single value, got a section ({string.Join(", ", node.GetChildren().Select(c => c.Key))})";
        if (node.Value is null) return null; // JSON null: keep the default
        if (!TryConvert(node.Value, Nullable.GetUnderlyingType(type) ?? type, out var converted, out var expected))
            return $"'{node.Value}' is not {expected}";
        property.SetValue(instance, converted);
        return null;
    }

    private static bool TryConvert(string text, Type type, out object? value, out string expected)
    {
        var s = text.Trim();
        const NumberStyles Integer = NumberStyles.AllowLeadingSign;
        const NumberStyles Real = NumberStyles.Float;
        var ic = CultureInfo.InvariantCulture;
        (bool ok, object? v, expected) = type switch
        {
            _ when type == typeof(string) => (true, text, "a string"),
            _ when type == typeof(int) => int.TryParse(s, Integer, ic, out var i) ? (true, i, "") : (false, null, "an integer"),
            _ when type == typeof(long) => long.TryParse(s, Integer, ic, out var l) ? (true, l, "") : (false, null, "an integer"),
            _ when type == typeof(double) => double.TryParse(s, Real, ic, out var d) && double.IsFinite(d) ? (true, d, "") : (false, null, "a number (like 5e-7 or 0.1)"),
            _ when type == typeof(bool) => bool.TryParse(s, out var b) ? (true, b, "") : (false, null, "true or false"),
            _ when type.IsEnum => Enum.TryParse(type, s, ignoreCase: true, out var e) && Enum.IsDefined(type, e!)
                ? (true, e, "")
                : (false, null, $"one of {string.Join(", ", Enum.GetNames(type))}"),
            _ => throw new NotSupportedException($"options property type {type.Name} has no converter"),
        };
        value = v;
        return ok;
    }

    private static bool Satisfies(ValidationAttribute rule, object? value) => rule switch
    {
        RequiredAttribute => value is not null && !(value is string s && string.IsNullOrWhiteSpace(s)),
        AllowedValuesAttribute allowed => value is null || allowed.Values.Any(v => string.Equals(v?.ToString(), value.ToString(), StringComparison.OrdinalIgnoreCase)),
        _ => rule.IsValid(value),
    };

    private static string Explain(ValidationAttribute rule, object? value) => rule switch
    {
        RequiredAttribute => "must be set",
        RangeAttribute range => $"{Format(value)} is out of range; expected {DescribeRange(range)}",
        AllowedValuesAttribute allowed => $"'{value}' is not allowed; expected one of {string.Join(", ", allowed.Values)}",
        _ => $"'{value}' is not valid; {rule.FormatErrorMessage("")}",
    };

    private static string DescribeRange(RangeAttribute range)
    {
        var min = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
        var max = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
        return max >= 1e15 ? $"at least {Format(range.Minimum)}" : $"{Format(range.Minimum)} to {Format(range.Maximum)}";
    }

    private static string Format(object? value) => value switch
    {
        double d => d.ToString("G", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };

    /// <summary>The first key under <paramref name="node"/> that holds a value (the node itself when it is a leaf), to ask where it came from.</summary>
    private static string FirstLeaf(IConfigurationSection node) =>
        node.Value is not null ? node.Path : node.AsEnumerable().FirstOrDefault(kv => kv.Value is not null).Key ?? node.Path;
}
