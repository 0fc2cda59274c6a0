using System.Reflection;
using Halos.Torch;

namespace Halos.Abstractions.Losses;

/// <summary>
/// Every tensor a loss script can read, with its shape, meaning and the data kinds that provide it, read from the
/// <see cref="LossInputAttribute"/> declarations on <see cref="LossInputs"/> (in declaration order). Error messages,
/// <c>loss eval</c> JSON, synthetic check inputs, the builder and the cross-rank gather all go through it.
/// </summary>
public static class InputCatalog
{
    public static readonly IReadOnlyList<InputField> Fields = typeof(LossInputs)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetCustomAttribute<LossInputAttribute>() is not null)
        .OrderBy(p => p.MetadataToken)
        .Select(p =>
        {
            var declared = p.GetCustomAttribute<LossInputAttribute>()!;
            if (p.PropertyType != typeof(Tensor)) throw new InvalidOperationException($"loss input {p.Name} must be a Tensor? property");
            return new InputField(p.Name, declared.Shape, declared.IsMask ? InputElement.Bool : InputElement.Float, declared.Description,
                declared.ProvidedBy, declared.GatheredAcrossRanks, p);
        })
        .ToList();

    private static readonly Dictionary<string, InputField> ByName = Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static InputField? Find(string name) => ByName.GetValueOrDefault(name);

    public static InputField Get(string name) =>
        ByName.TryGetValue(name, out var f) ? f : throw new KeyNotFoundException($"'{name}' is not a loss input");

    /// <summary>The scalar input that is not a tensor.</summary>
    public const string GroupSizeName = nameof(LossInputs.GroupSize);

    /// <summary>Inputs built from tensors keyed by name (unknown names are an error listing the known ones).</summary>
    public static LossInputs Build(IReadOnlyDictionary<string, Tensor> tensors, long groupSize = 0)
    {
        var inputs = new LossInputs { GroupSize = groupSize };
        foreach (var (name, tensor) in tensors)
        {
            var field = Find(name) ?? throw new ArgumentException(
                $"'{name}' is not a loss input; known inputs: {string.Join(", ", Fields.Select(f => f.Name))}, {GroupSizeName}");
            field.Property.SetValue(inputs, tensor);
        }
        return inputs;
    }

    /// <summary>The tensors of <paramref name="inputs"/> by name (the inverse of <see cref="Build"/>).</summary>
    public static Dictionary<string, Tensor> ToDictionary(LossInputs inputs)
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var f in Fields)
            if (f.Read(inputs) is { } t) d[f.Name] = t;
        return d;
    }
}
