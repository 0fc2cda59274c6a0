using Halos.Torch.SafeTensors;

namespace Halos.Models.Checkpoints;

/// <summary>
/// The weight files of a Hugging Face model folder: <c>model.safetensors</c>, or the shards that
/// <c>model.safetensors.index.json</c> lists in its weight_map (tensor name → shard file).
/// </summary>
public sealed record CheckpointFiles(string Folder, IReadOnlyList<string> Shards, IReadOnlyDictionary<string, string>? WeightMap, string? IndexPath)
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = SafeTensorsIndex.FileName;

    public static CheckpointFiles Find(string folder)
    {
        var single = Path.Combine(folder, SingleFile);
        var index = Path.Combine(folder, IndexFile);
        if (File.Exists(index)) return FromIndex(folder, index);
        if (File.Exists(single)) return new CheckpointFiles(folder, [single], null, null);
        var pickle = File.Exists(Path.Combine(folder, "pytorch_model.bin"))
            ? "; it has pytorch_model.bin, but pickle files are never loaded: convert it to safetensors" : "";
        throw new CheckpointException(folder, $"no {SingleFile} or {IndexFile} in the folder{pickle}");
    }

    private static CheckpointFiles FromIndex(string folder, string index)
    {
        IReadOnlyDictionary<string, string> weightMap;
        try
        {
            weightMap = SafeTensorsIndex.ReadWeightMap(index);
        }
        catch (SafeTensorsIndexException e)
        {
            throw new CheckpointException(index, e.Problem, inner: e);
        }
        foreach (var (name, file) in weightMap)
            if (file.Contains('/') || file.Contains('\\') || file.Contains(".."))
                throw new CheckpointException(index, $"shard '{file}' must be a plain file name in the same folder", name);
        var shards = weightMap.Values.Distinct().Order(StringComparer.Ordinal).Select(f => Path.Combine(folder, f)).ToList();
        foreach (var shard in shards.Where(s => !File.Exists(s)))
        {
            var tensor = weightMap.First(e => Path.Combine(folder, e.Value) == shard).Key;
            throw new CheckpointException(shard, $"the shard is missing; {index} maps {weightMap.Count(e => Path.Combine(folder, e.Value) == shard)} tensors to it, the first", tensor);
        }
        return new CheckpointFiles(folder, shards, weightMap, index);
    }
}
