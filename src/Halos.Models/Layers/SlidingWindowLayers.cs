using System.Text.Json.Nodes;
using Halos.Models.Configuration;

namespace Halos.Models.Layers;

/// <summary>
/// Which layers of a model with a sliding attention window use it. Newer config.json files list each layer's kind
/// in <c>layer_types</c> ("sliding_attention" or "full_attention"); older ones leave it to a rule of the
/// architecture, given here as <paramref name="byDefault"/>.
/// </summary>
public static class SlidingWindowLayers
{
    public static bool[] FromConfig(HfConfig config, long layers, Func<int, bool> byDefault)
    {
        if (config.Json["layer_types"] is not JsonArray types)
            return Enumerable.Range(0, (int)layers).Select(byDefault).ToArray();
        if (types.Count != layers)
            throw config.Invalid("layer_types", $"expected {layers} entries (num_hidden_layers), got {types.Count}");
        return types.Select((t, i) => (t as JsonValue)?.TryGetValue<string>(out var kind) == true ? kind switch
        {
            "sliding_attention" => true,
            "full_attention" => false,
            _ => throw config.Invalid($"layer_types[{i}]", $"expected 'sliding_attention' or 'full_attention', got '{kind}'"),
        } : throw config.Wrong($"layer_types[{i}]", "a string", t)).ToArray();
    }
}
