using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Halos.Abstractions.Options;

/// <summary>One problem found binding a section: the full key, what is wrong, and the key whose layer set it.</summary>
public sealed record BindingProblem(string Key, string Problem, string LeafKey);

/// <summary>
/// Binds a configuration section to an options class strictly: an unknown key (with the closest known one), a
/// value of the wrong type, or a value outside its declared range (<see cref="RangeAttribute"/>,
/// <see cref="AllowedValuesAttribute"/>, <see cref="RequiredAttribute"/>, any <see cref="ValidationAttribute"/>)
/// is a problem naming the key. Every problem is collected, so one start-up reports them all. The host binds its
/// own sections and every plugin's options section with it; a plugin binds its section with <see cref="Bind{T}"/>,
/// knowing the host has already refused anything that would not bind.
/// </summary>
public static class SectionBinder
{
    /// <summary>Binds <paramref name="section"/> to a new <paramref name="type"/>, adding what is wrong to <paramref name="problems"/>.</summary>
    public static object Bind(IConfiguration section, Type type, ICollection<BindingProblem> problems)
    {
        var instance = Activator.CreateInstance(type)
                       ?? throw new ArgumentException($"options type {type.Name} needs a public parameterless constructor");
        var properties = PropertiesOf(type);
        var sectionName = (section as IConfigurationSection)?.Path ?? "";
        if (section is IConfigurationSection { Value: not null })
            problems.Add(new BindingProblem(sectionName, "expected a section of keys, got a single value", sectionName));

        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                var hint = ClosestName.Find(child.Key, properties.Keys) is { } near
                    ? $"did you mean '{sectionName}:{near}'?"
                    : properties.Count == 0 ? $"{sectionName} takes no keys" : $"{sectionName} has {string.Join(", ", properties.Keys)}";
                problems.Add(new BindingProblem(child.Path, $"unknown key; {hint}", FirstLeaf(child)));
                continue;
            }
            var error = BindProperty(instance, property, child);
            if (error is not null) problems.Add(new BindingProblem(child.Path, error, FirstLeaf(child)));
        }

        foreach (var property in properties.Values)
        {
            // Free-form sections are never null, so their readers need no checks.
            if (IsFreeForm(property)) property.SetValue(instance, property.GetValue(instance) ?? section.GetSection(property.Name));
            var key = $"{sectionName}:{property.Name}";
            foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
            {
                var value = property.GetValue(instance);
                if (!Satisfies(rule, value)) problems.Add(new BindingProblem(key, Explain(rule, value), key));
            }
        }
        return instance;
    }

    /// <summary>
    /// A plugin's typed options from its section. Throws <see cref="InvalidOperationException"/> listing every problem
    /// (which the host's start-up check has normally reported already, with the layer of each value).
    /// </summary>
    public static T Bind<T>(IConfiguration? section) where T : class, new()
    {
        if (section is null) return new T();
        var problems = new List<BindingProblem>();
        var options = (T)Bind(section, typeof(T), problems);
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, problems.Select(p => $"{p.Key}: {p.Problem}")));
        return options;
    }

    /// <summary>The bindable properties of an options type, by name (case-insensitive, as configuration keys are).</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> PropertiesOf(Type optionsType) =>
        optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>A property that holds a raw sub-section, read by someone else (a plugin's own <c>Options</c>).</summary>
    public static bool IsFreeForm(PropertyInfo property) => property.PropertyType == typeof(IConfiguration);

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
    public static string FirstLeaf(IConfigurationSection node) =>
        node.Value is not null ? node.Path : node.AsEnumerable().FirstOrDefault(kv => kv.Value is not null).Key ?? node.Path;
}
