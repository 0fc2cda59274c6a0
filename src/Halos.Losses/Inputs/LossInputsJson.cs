using System.Text.Json;
using Halos.Abstractions.Losses;
using Halos.Torch;

namespace Halos.Losses.Inputs;

/// <summary>
/// Reads <c>halos loss eval</c> inputs: a JSON object of named (nested, rectangular) arrays, keyed
/// by the script API's input names, plus an optional integer GroupSize. Numbers become float64
/// tensors; the masks (Desirable, *Mask) take booleans or 0/1.
/// <code>{ "PolicyChosen": [-1.2, -3.4], "ChosenMask": [[true, false], [1, 1]], "GroupSize": 2 }</code>
/// </summary>
public static class LossInputsJson
{
    public static LossInputs Read(string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InputsFormatException($"{path}: not valid JSON ({e.Message})");
        }
        using (doc) return Read(doc.RootElement, path);
    }

    public static LossInputs Read(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new InputsFormatException($"{source}: expected a JSON object of named arrays, e.g. {{\"PolicyChosen\": [-1.2, -3.4]}}");
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        long groupSize = 0;
        foreach (var property in root.EnumerateObject())
        {
            var where = $"{source}: {property.Name}";
            if (property.Name == InputCatalog.GroupSizeName)
            {
                if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt64(out groupSize) || groupSize < 1)
                    throw new InputsFormatException($"{where}: expected a positive integer");
                continue;
            }
            var field = InputCatalog.Find(property.Name)
                        ?? throw new InputsFormatException(
                            $"{where}: not a loss input; known inputs: {string.Join(", ", InputCatalog.Fields.Select(f => f.Name))}, {InputCatalog.GroupSizeName}");
            tensors[field.Name] = ToTensor(property.Value, field, where);
        }
        return InputCatalog.Build(tensors, groupSize);
    }

    private static Tensor ToTensor(JsonElement value, InputField field, string where)
    {
        var shape = new List<long>();
        for (var e = value; e.ValueKind == JsonValueKind.Array; e = e.GetArrayLength() > 0 ? e[0] : default)
        {
            shape.Add(e.GetArrayLength());
            if (e.GetArrayLength() == 0) break;
        }
        if (shape.Count == 0) throw new InputsFormatException($"{where}: expected an array of shape {field.Shape}");
        var values = new List<double>();
        Flatten(value, 0, shape, values, where, field.Element == InputElement.Bool);
        var dims = shape.ToArray();
        return field.Element == InputElement.Bool
            ? torch.tensor(values.Select(v => v != 0).ToArray(), dims)
            : torch.tensor(values.ToArray(), dims);
    }

    private static void Flatten(JsonElement e, int depth, List<long> shape, List<double> into, string where, bool isMask)
    {
        if (depth == shape.Count)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Number: into.Add(e.GetDouble()); return;
                case JsonValueKind.True or JsonValueKind.False when isMask: into.Add(e.GetBoolean() ? 1 : 0); return;
                default:
                    throw new InputsFormatException($"{where}: expected {(isMask ? "true/false or 0/1" : "a number")} at depth {depth}, got {e.ValueKind}");
            }
        }
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != shape[depth])
            throw new InputsFormatException($"{where}: the array is not rectangular: expected {shape[depth]} entries at depth {depth}, got " +
                                            (e.ValueKind == JsonValueKind.Array ? e.GetArrayLength().ToString() : e.ValueKind.ToString()));
        foreach (var item in e.EnumerateArray()) Flatten(item, depth + 1, shape, into, where, isMask);
    }
}
