using Halos.Torch;

namespace Halos.Models.Layers;

/// <summary>
/// Ambient settings while a model's modules are constructed: the parameters' dtype, and whether
/// to draw random initial values. A checkpoint load builds straight in the target dtype without
/// initialising (every value is overwritten by the file), so a 7B bfloat16 model never exists
/// as 28 GB of random float32 first.
/// </summary>
public static class ModelConstruction
{
    [ThreadStatic] private static ScalarType? _dtype;
    [ThreadStatic] private static bool _skipInitialization;

    public static ScalarType DType => _dtype ?? ScalarType.Float32;

    public static bool SkipInitialization => _skipInitialization;

    public static IDisposable Begin(ScalarType dtype, bool skipInitialization)
    {
        var restore = new Restore(_dtype, _skipInitialization);
        _dtype = dtype;
        _skipInitialization = skipInitialization;
        return restore;
    }

    private sealed class Restore(ScalarType? dtype, bool skip) : IDisposable
    {
        public void Dispose()
        {
            _dtype = dtype;
            _skipInitialization = skip;
        }
    }
}
