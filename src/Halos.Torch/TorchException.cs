namespace Halos.Torch;

/// <summary>An error raised inside libtorch (a shape mismatch, a bad dtype, ...), with libtorch's message.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string message) : base(message) { }
}
