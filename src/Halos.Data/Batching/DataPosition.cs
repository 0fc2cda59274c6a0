using System.Text.Json;
using System.Text.Json.Serialization;

namespace Halos.Data.Batching;

/// <summary>
/// Where training is in its data: the epoch and the next batch within it, plus what the order depends on
/// (seed, dataset size, batch size) so a checkpoint cannot be resumed onto different data unnoticed.
/// Saved as JSON beside the trainer state.
/// </summary>
public sealed record DataPosition(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("batch")] int Batch,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("dataset_size")] int DatasetSize,
    [property: JsonPropertyName("batch_size")] int BatchSize)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Indented);

    public static DataPosition FromJson(string json, string source = "data position")
    {
        try
        {
            return JsonSerializer.Deserialize<DataPosition>(json) ?? throw new FormatException($"{source}: expected a JSON object, got null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not a data position ({e.Message}); expected {{\"epoch\", \"batch\", \"seed\", \"dataset_size\", \"batch_size\"}}", e);
        }
    }

    public void Save(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, ToJson());
        File.Move(temporary, path, overwrite: true);
    }

    public static DataPosition Load(string path) => FromJson(File.ReadAllText(path), path);
}
