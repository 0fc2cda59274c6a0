using System.Text.Json;

namespace Halos.Models.Hub;

/// <summary>Reads <c>model.safetensors.index.json</c> (<c>{"metadata": ..., "weight_map": {tensor: shard file}}</c>)
/// for the shard files a sharded checkpoint needs, in first-seen order.</summary>
public static class ShardedCheckpointIndex
{
    public const string FileName = "model.safetensors.index.json";

    public static IReadOnlyList<string> ShardFiles(string indexPath)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(indexPath));
        }
        catch (JsonException e)
        {
            throw new HubException($"{indexPath}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", inner: e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new HubException($"{indexPath}: expected an object with a \"weight_map\" object mapping tensor names to shard files");
            var shards = new List<string>();
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                    throw new HubException($"{indexPath}: weight_map[\"{entry.Name}\"] is {entry.Value.ValueKind}, expected a shard file name string");
                var shard = entry.Value.GetString()!;
                if (shard.Length == 0 || shard.Split('/').Any(p => p is "" or "." or "..") || Path.IsPathRooted(shard) || shard.Contains('\\'))
                    throw new HubException($"{indexPath}: weight_map[\"{entry.Name}\"] = \"{shard}\" is not a relative file name inside the checkpoint");
                if (!shard.EndsWith(".safetensors", StringComparison.Ordinal))
                    throw new HubException($"{indexPath}: weight_map[\"{entry.Name}\"] = \"{shard}\"; expected a .safetensors shard (pickle checkpoints are never loaded)");
                if (!shards.Contains(shard)) shards.Add(shard);
            }
            if (shards.Count == 0) throw new HubException($"{indexPath}: \"weight_map\" is empty; expected at least one tensor");
            return shards;
        }
    }
}
