using Halos.Models.Configuration;
using Halos.Torch;

namespace Halos.Models.Layers;

/// <summary>The activations config.json names (transformers' ACT2FN keys) that these architectures use.</summary>
public static class Activation
{
    public static Func<Tensor, Tensor> FromConfig(HfConfig config, string key, string fallback)
    {
        var name = config.OptionalString(key) ?? fallback;
        return name switch
        {
            "gelu" => x => F.gelu(x),
            // gelu_new, gelu_fast and gelu_pytorch_tanh are the same tanh approximation.
            "gelu_new" or "gelu_fast" or "gelu_pytorch_tanh" => x => F.gelu(x, "tanh"),
            "relu" => F.relu,
            "silu" or "swish" => F.silu,
            "tanh" => F.tanh,
            _ => throw config.Invalid(key, $"activation '{name}' is not supported; expected gelu, gelu_new, gelu_fast, gelu_pytorch_tanh, relu, silu or tanh"),
        };
    }
}
