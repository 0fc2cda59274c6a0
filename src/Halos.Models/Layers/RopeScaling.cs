using Halos.Models.Configuration;
using Halos.Torch;

namespace Halos.Models.Layers;

/// <summary>
/// config.json's <c>rope_scaling</c>: "linear" (positions divided by factor) and Llama 3.1's
/// "llama3" (long wavelengths slowed by factor, short ones kept, a smooth ramp between).
/// </summary>
public sealed record RopeScaling(string Type, double Factor, double LowFrequencyFactor, double HighFrequencyFactor,
    double OriginalMaxPositions)
{
    public static RopeScaling? FromConfig(HfConfig config)
    {
        var scaling = config.OptionalObject("rope_scaling");
        if (scaling is null) return null;
        var type = scaling.OptionalString("rope_type") ?? scaling.OptionalString("type")
            ?? throw config.Invalid("rope_scaling", "expected 'rope_type' (or 'type') inside it");
        var factor = scaling.OptionalDouble("factor") ?? 1.0;
        switch (type)
        {
            case "default":
                return null;
            case "linear":
                return new RopeScaling(type, factor, 0, 0, 0);
            case "llama3":
                return new RopeScaling(type, factor,
                    scaling.OptionalDouble("low_freq_factor") ?? throw scaling.Missing("low_freq_factor", "a number"),
                    scaling.OptionalDouble("high_freq_factor") ?? throw scaling.Missing("high_freq_factor", "a number"),
                    scaling.OptionalDouble("original_max_position_embeddings") ?? throw scaling.Missing("original_max_position_embeddings", "a number"));
            default:
                throw config.Invalid("rope_scaling", $"rope_type '{type}' is not supported; expected 'linear' or 'llama3'");
        }
    }

    public Tensor Apply(Tensor inverseFrequencies)
    {
        if (Type == "linear") return inverseFrequencies / Factor;
        var lowWavelength = OriginalMaxPositions / LowFrequencyFactor;
        var highWavelength = OriginalMaxPositions / HighFrequencyFactor;
        var scaled = inverseFrequencies.data<float>().Select(f =>
        {
            var wavelength = 2 * Math.PI / f;
            if (wavelength < highWavelength) return f;
            if (wavelength > lowWavelength) return (float)(f / Factor);
            var smooth = (OriginalMaxPositions / wavelength - LowFrequencyFactor) / (HighFrequencyFactor - LowFrequencyFactor);
            return (float)((1 - smooth) * f / Factor + smooth * f);
        }).ToArray();
        return torch.tensor(scaled, scaled.Length);
    }
}
