using Halos.Torch.SafeTensors;

namespace Halos.Models.Hub;

/// <summary>Reads <c>model.safetensors.index.json</c> (<c>{"metadata": ..., "weight_map": {tensor: shard file}}</c>)
/// for the shard files a sharded checkpoint needs, in first-seen order.</summary>
public static class ShardedCheckpointIndex
{
    public const string FileName = SafeTensorsIndex.FileName;

    public static IReadOnlyList<string> ShardFiles(string indexPath)
    {
        IReadOnlyDictionary<string, string> map;
        try
        {
            map = SafeTensorsIndex.ReadWeightMap(indexPath);
        }
        catch (SafeTensorsIndexException e)
        {
            throw new HubException(e.Message, inner: e);
        }
        var shards = new List<string>();
        foreach (var (name, shard) in map)
        {
            if (shard.Length == 0 || shard.Split('/').Any(p => p is "" or "." or "..") || Path.IsPathRooted(shard) || shard.Contains('\\'))
                throw new HubException($"{indexPath}: weight_map[\"{name}\"] = \"{shard}\" is not a relative file name inside the checkpoint");
            if (!shard.EndsWith(".safetensors", StringComparison.Ordinal))
                throw new HubException($"{indexPath}: weight_map[\"{name}\"] = \"{shard}\"; expected a .safetensors shard (pickle checkpoints are never loaded)");
            if (!shards.Contains(shard)) shards.Add(shard);
        }
        if (shards.Count == 0) throw new HubException($"{indexPath}: \"weight_map\" is empty; expected at least one tensor");
        return shards;
    }
}
