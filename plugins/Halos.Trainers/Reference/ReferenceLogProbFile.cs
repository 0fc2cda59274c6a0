using Halos.Torch;
using Halos.Torch.SafeTensors;

namespace Halos.Trainers.Reference;

/// <summary>
/// Precomputed reference log-probs on disk, one safetensors file per (data, model) key: <c>keys</c> uint8 [R, 16]
/// (the <see cref="RowKey"/> of each row), <c>offsets</c> int64 [R + 1] and <c>logprobs</c> float32 [total], where row
/// r's completion-token log-probs are <c>logprobs[offsets[r] .. offsets[r + 1]]</c>. Written atomically, so a run
/// killed mid-write leaves no file rather than a short one.
/// </summary>
public static class ReferenceLogProbFile
{
    public const string Format = "halos-reference-logprobs/1";

    public static string PathFor(string folder, string dataHash, string modelHash) =>
        Path.Combine(folder, $"data-{dataHash[..16]}-model-{modelHash[..16]}.safetensors");

    public static void Save(string path, IReadOnlyDictionary<string, float[]> rows, string dataHash, string modelHash)
    {
        var ordered = rows.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var keys = new byte[Math.Max(1, ordered.Count) * RowKey.Bytes];
        var offsets = new long[ordered.Count + 1];
        var values = new List<float>();
        for (var r = 0; r < ordered.Count; r++)
        {
            Convert.FromHexString(ordered[r].Key).CopyTo(keys, r * RowKey.Bytes);
            values.AddRange(ordered[r].Value);
            offsets[r + 1] = values.Count;
        }
        // safetensors has no empty tensors worth relying on: a lone padding value keeps every tensor non-empty.
        if (values.Count == 0) values.Add(0);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var scope = torch.NewDisposeScope();
        SafeTensorsWriter.Save(path, new Dictionary<string, Tensor>
        {
            ["keys"] = torch.tensor(keys, Math.Max(1, ordered.Count), RowKey.Bytes),
            ["offsets"] = torch.tensor(offsets, offsets.Length),
            ["logprobs"] = torch.tensor(values.ToArray(), values.Count),
        }, new Dictionary<string, string> { ["format"] = Format, ["data_hash"] = dataHash, ["model_hash"] = modelHash, ["rows"] = ordered.Count.ToString() });
    }

    /// <summary>Row key (hex) → completion log-probs. Throws <see cref="InvalidDataException"/> naming the file when it is not one of ours.</summary>
    public static Dictionary<string, float[]> Load(string path)
    {
        using var file = SafeTensorsFile.Open(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != Format)
            throw new InvalidDataException($"{path}: not a precomputed reference file (metadata format is '{format}', expected '{Format}'); delete it to recompute");
        var rows = int.Parse(file.Metadata["rows"]);
        using var scope = torch.NewDisposeScope();
        var keys = file.Load("keys").data<byte>();
        var offsets = file.Load("offsets").data<long>();
        var values = file.Load("logprobs").data<float>();
        if (offsets.Length != rows + 1 || keys.Length < rows * RowKey.Bytes || (rows > 0 && offsets[^1] > values.Length))
            throw new InvalidDataException($"{path}: the keys, offsets and logprobs tensors disagree ({rows} rows); delete it to recompute");
        var result = new Dictionary<string, float[]>(rows, StringComparer.Ordinal);
        for (var r = 0; r < rows; r++)
            result[Convert.ToHexString(keys, r * RowKey.Bytes, RowKey.Bytes).ToLowerInvariant()] = values[(int)offsets[r]..(int)offsets[r + 1]];
        return result;
    }
}
