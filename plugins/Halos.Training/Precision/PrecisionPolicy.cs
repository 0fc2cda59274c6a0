using Halos.Torch;

namespace Halos.Training.Precision;

/// <summary>
/// The compute precision of forward passes, from <c>Training:LoopOptions:Precision</c> and the device. bfloat16 autocast
/// (<see cref="torch.autocast"/>) runs matrix products in bfloat16 while weights, gradients and optimiser state
/// stay in <c>Model:DType</c>. <c>auto</c> picks it on GPUs; CPUs keep float32 unless asked, because libtorch's
/// CPU bfloat16 kernels are slower than float32 ones on most CPUs.
/// </summary>
/// <remarks>
/// The loop wraps every trainer forward in <see cref="Forward"/>. Training in bfloat16 outright remains available
/// with <c>Model:DType=bfloat16</c>.
/// </remarks>
public sealed class PrecisionPolicy
{
    private readonly Device _device;

    private PrecisionPolicy(ScalarType? autocast, string description, Device device) =>
        (AutocastType, Description, _device) = (autocast, description, device);

    /// <summary>Whether the tensor engine exposes an autocast guard.</summary>
    public static bool EngineHasAutocast => true;

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
            throw new ArgumentException($"Training:LoopOptions:Precision: '{setting}' is not a precision; expected auto, float32 or bfloat16");
        if (wanted == "float32") return FullPrecision(device);
        if (device.Type == DeviceType.CUDA || wanted == "bfloat16")
        {
            if (device.Type == DeviceType.CPU)
                warn("Training:LoopOptions:Precision=bfloat16 on the CPU: autocast works, but most CPUs run bfloat16 matrix products slower than float32");
            return new PrecisionPolicy(ScalarType.BFloat16, $"bfloat16 autocast ({device})", device);
        }
        return FullPrecision(device);
    }

    private static PrecisionPolicy FullPrecision(Device device) => new(null, $"float32 ({device})", device);

    /// <summary>Enters the forward precision until disposed.</summary>
    public IDisposable Forward() => AutocastType is { } dtype ? torch.autocast(_device, dtype) : NoAutocast.Instance;

    private sealed class NoAutocast : IDisposable
    {
        public static readonly NoAutocast Instance = new();
        public void Dispose() { }
    }
}
