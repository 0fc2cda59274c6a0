using Halos.Torch;

namespace Halos.Training.Precision;

/// <summary>
/// The compute precision of forward passes, from <c>Training:Precision</c> and the device. bfloat16 autocast
/// runs matrix products in bfloat16 while weights, gradients and optimiser state stay in <c>Model:DType</c>.
/// CPUs keep float32: libtorch's CPU bfloat16 kernels are slower than float32 ones on most CPUs.
/// </summary>
/// <remarks>
/// The hook is <see cref="Forward"/>: the loop wraps every trainer forward in it. Autocast itself needs the
/// engine's autocast guard (c10's AutocastMode), which the Halos.Torch shim does not bind yet; until it does,
/// <see cref="EngineHasAutocast"/> is false and a request for bfloat16 falls back to float32 with a warning.
/// Training in bfloat16 outright remains available with <c>Model:DType=bfloat16</c>.
/// </remarks>
public sealed class PrecisionPolicy
{
    private PrecisionPolicy(ScalarType? autocast, string description) => (AutocastType, Description) = (autocast, description);

    /// <summary>Whether the tensor engine exposes an autocast guard.</summary>
    public static bool EngineHasAutocast => false;

    /// <summary>The autocast dtype, or null for full precision.</summary>
    public ScalarType? AutocastType { get; }

    /// <summary>For the log: "float32 (cpu)", "bfloat16 autocast (cuda:0)".</summary>
    public string Description { get; }

    /// <param name="setting">auto, float32 or bfloat16.</param>
    /// <param name="warn">Receives the reason when a requested precision cannot be had.</param>
    public static PrecisionPolicy Resolve(string setting, Device device, Action<string> warn)
    {
        var wanted = setting.Trim().ToLowerInvariant();
        if (wanted is not ("auto" or "float32" or "bfloat16"))
            throw new ArgumentException($"Training:Precision: '{setting}' is not a precision; expected auto, float32 or bfloat16");
        if (wanted == "float32") return FullPrecision(device);
        var supported = device.Type == DeviceType.CUDA && EngineHasAutocast;
        if (supported) return new PrecisionPolicy(ScalarType.BFloat16, $"bfloat16 autocast ({device})");
        if (wanted == "bfloat16")
            warn(device.Type == DeviceType.CPU
                ? "Training:Precision=bfloat16: autocast is for GPUs; on the CPU the forward passes stay float32"
                : "Training:Precision=bfloat16: this build of the tensor engine has no autocast guard; the forward passes stay float32 (Model:DType=bfloat16 trains in bfloat16 outright)");
        return FullPrecision(device);
    }

    private static PrecisionPolicy FullPrecision(Device device) => new(null, $"float32 ({device})");

    /// <summary>Enters the forward precision until disposed.</summary>
    public IDisposable Forward() => NoAutocast.Instance;

    private sealed class NoAutocast : IDisposable
    {
        public static readonly NoAutocast Instance = new();
        public void Dispose() { }
    }
}
