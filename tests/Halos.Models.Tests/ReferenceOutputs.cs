using System.Text.Json;
using Halos.Torch;

namespace Halos.Models.Tests;

/// <summary>reference.json beside a hf-tiny checkpoint: the inputs and transformers' own outputs.</summary>
internal sealed class ReferenceOutputs
{
    private readonly JsonElement _root;

    public ReferenceOutputs(string folder)
    {
        _root = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "reference.json"))).RootElement;
    }

    public long[][] Ints(string key) => _root.GetProperty(key).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
    public long[] IntRow(string key) => _root.GetProperty(key).EnumerateArray().Select(v => v.GetInt64()).ToArray();
    public double[] Doubles(string key) => _root.GetProperty(key).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>A nested numeric array flattened in row-major order, with its shape.</summary>
    public (float[] values, long[] shape) Array(string key)
    {
        var values = new List<float>();
        var shape = new List<long>();
        void Walk(JsonElement e, int depth)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                if (shape.Count == depth) shape.Add(e.GetArrayLength());
                foreach (var c in e.EnumerateArray()) Walk(c, depth + 1);
            }
            else values.Add((float)e.GetDouble());
        }
        Walk(_root.GetProperty(key), 0);
        return (values.ToArray(), shape.ToArray());
    }

    public Tensor Tensor2(string key)
    {
        var rows = Ints(key);
        return torch.tensor(rows.SelectMany(r => r).ToArray(), rows.Length, rows[0].Length);
    }
}
