namespace Halos.Models.Checkpoints;

/// <summary>A checkpoint folder that cannot be loaded as its config.json describes: names the file and, where one is to blame, the tensor.</summary>
public sealed class CheckpointException : IOException
{
    public CheckpointException(string path, string problem, string? tensorName = null, Exception? inner = null)
        : base(tensorName is null ? $"{path}: {problem}" : $"{path}: tensor '{tensorName}': {problem}", inner)
    {
        Path = path;
        TensorName = tensorName;
    }

    public string Path { get; }
    public string? TensorName { get; }
}
