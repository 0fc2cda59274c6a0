namespace Halos.Torch.SafeTensors;

/// <summary>
/// A safetensors file that does not follow the format: a bad header length, invalid JSON, an
/// entry with a missing or wrong field, data offsets that overlap or fall outside the file.
/// The message names the file and, where one is to blame, the tensor.
/// </summary>
/// <remarks>
/// An <see cref="IOException"/> (InvalidDataException, the closer fit, is sealed), so code that
/// already handles "could not read the checkpoint" handles a corrupt one too.
/// </remarks>
public sealed class SafeTensorsFormatException : IOException
{
    public SafeTensorsFormatException(string path, string problem, string? tensorName = null, Exception? inner = null)
        : base(Compose(path, problem, tensorName), inner)
    {
        Path = path;
        TensorName = tensorName;
    }

    /// <summary>The file that is malformed.</summary>
    public string Path { get; }

    /// <summary>The header entry at fault, when the problem is in one entry.</summary>
    public string? TensorName { get; }

    private static string Compose(string path, string problem, string? tensorName) =>
        tensorName is null
            ? $"{path}: not a valid safetensors file: {problem}"
            : $"{path}: not a valid safetensors file: tensor '{tensorName}': {problem}";
}
