using System.Text.Json;
using System.Text.Json.Nodes;

namespace Halos.Torch.SafeTensors;

/// <summary>
/// <c>model.safetensors.index.json</c>, the index of a sharded safetensors checkpoint as transformers writes it:
/// <c>{"metadata": {...}, "weight_map": {tensor name: shard file}}</c>. This reads the weight map; which shard paths a
/// caller accepts (plain names beside the index, or sub-folders of a Hub repository) is the caller's rule.
/// </summary>
public static class SafeTensorsIndex
{
    public const string FileName = "model.safetensors.index.json";

    /// <summary>Tensor name → shard file, as written. Throws <see cref="SafeTensorsIndexException"/> naming the file (and the entry).</summary>
    public static IReadOnlyDictionary<string, string> ReadWeightMap(string indexPath)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(indexPath));
        }
        catch (JsonException e)
        {
            throw new SafeTensorsIndexException(indexPath, $"not valid JSON (line {e.LineNumber + 1}): {e.Message}", inner: e);
        }
        if (root is not JsonObject || root["weight_map"] is not JsonObject map)
            throw new SafeTensorsIndexException(indexPath, "expected an object with a \"weight_map\" object mapping tensor names to shard files");
        var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in map)
        {
            if (node is not JsonValue value || !value.TryGetValue<string>(out var file))
                throw new SafeTensorsIndexException(indexPath, $"weight_map[\"{name}\"] is {KindOf(node)}, expected a shard file name string", name);
            weightMap[name] = file;
        }
        return weightMap;
    }

    private static string KindOf(JsonNode? node) => node?.GetValueKind().ToString() ?? "Null";
}

/// <summary>A malformed <c>model.safetensors.index.json</c>; the message names the file and, where one is at fault, the entry.</summary>
public sealed class SafeTensorsIndexException(string path, string problem, string? tensorName = null, Exception? inner = null)
    : IOException($"{path}: {problem}", inner)
{
    public string Path { get; } = path;
    public string Problem { get; } = problem;
    public string? TensorName { get; } = tensorName;
}
