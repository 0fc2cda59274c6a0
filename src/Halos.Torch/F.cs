using Halos.Torch.Native;

namespace Halos.Torch;

/// <summary>
/// torch.nn.functional. Loss scripts and modules call these; <c>using static Halos.Torch.F;</c>
/// lets a formula read as in the paper: <c>-logsigmoid(beta * (chosen - rejected))</c>.
/// </summary>
public static partial class F
{
    public static Tensor sigmoid(Tensor x) => Tensor.Unary(UnaryOp.Sigmoid, x);

    /// <summary>log σ(x), computed stably for large |x|.</summary>
    public static Tensor logsigmoid(Tensor x) => Tensor.Unary(UnaryOp.LogSigmoid, x);

    public static Tensor relu(Tensor x) => Tensor.Unary(UnaryOp.Relu, x);
    public static Tensor silu(Tensor x) => Tensor.Unary(UnaryOp.Silu, x);
    public static Tensor tanh(Tensor x) => Tensor.Unary(UnaryOp.Tanh, x);

    /// <summary>GELU, exact (erf) or the tanh approximation GPT-2 calls gelu_new.</summary>
    public static Tensor gelu(Tensor x, string approximate = "none") => approximate switch
    {
        "none" => Tensor.Unary(UnaryOp.Gelu, x),
        "tanh" => Tensor.Unary(UnaryOp.GeluTanh, x),
        _ => throw new ArgumentException($"gelu approximate must be 'none' or 'tanh', got '{approximate}'"),
    };

    /// <summary>log(1 + exp(beta x)) / beta, linear above the threshold.</summary>
    public static Tensor softplus(Tensor x, double beta = 1, double threshold = 20)
    {
        var r = Lib.ht_softplus(x.Handle, beta, threshold);
        GC.KeepAlive(x);
        return Tensor.Wrap(r);
    }

    public static Tensor softmax(Tensor x, long dim, ScalarType? dtype = null) => Softmax(x, dim, dtype, false);
    public static Tensor log_softmax(Tensor x, long dim, ScalarType? dtype = null) => Softmax(x, dim, dtype, true);

    private static Tensor Softmax(Tensor x, long dim, ScalarType? dtype, bool log)
    {
        var r = Lib.ht_softmax(x.Handle, dim, dtype.HasValue ? (int)dtype.Value : -1, log ? 1 : 0);
        GC.KeepAlive(x);
        return Tensor.Wrap(r);
    }

    /// <summary>Cross-entropy of logits [N, C] (or [N, C, d...]) against class indices; ignore_index targets add nothing.</summary>
    public static Tensor cross_entropy(Tensor logits, Tensor target, Tensor? weight = null, long ignore_index = -100,
        Reduction reduction = Reduction.Mean, double label_smoothing = 0)
    {
        var r = Lib.ht_cross_entropy(logits.Handle, target.Handle, Tensor.HandleOrNull(weight), (int)reduction, ignore_index, label_smoothing);
        GC.KeepAlive(logits);
        GC.KeepAlive(target);
        GC.KeepAlive(weight);
        return Tensor.Wrap(r);
    }

    public static Tensor nll_loss(Tensor logp, Tensor target, Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean)
    {
        var r = Lib.ht_nll_loss(logp.Handle, target.Handle, Tensor.HandleOrNull(weight), (int)reduction, ignore_index);
        GC.KeepAlive(logp);
        GC.KeepAlive(target);
        GC.KeepAlive(weight);
        return Tensor.Wrap(r);
    }

    public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        var r = Lib.ht_mse_loss(input.Handle, target.Handle, (int)reduction);
        GC.KeepAlive(input);
        GC.KeepAlive(target);
        return Tensor.Wrap(r);
    }

    public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        var r = Lib.ht_bce_with_logits(input.Handle, target.Handle, Tensor.HandleOrNull(weight), (int)reduction);
        GC.KeepAlive(input);
        GC.KeepAlive(target);
        GC.KeepAlive(weight);
        return Tensor.Wrap(r);
    }

    /// <summary>Zeroes elements with probability p and scales the rest by 1/(1-p), in training only.</summary>
    public static Tensor dropout(Tensor x, double p = 0.5, bool training = true)
    {
        if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability must be in [0, 1], got {p}");
        var r = Lib.ht_dropout(x.Handle, p, training ? 1 : 0);
        GC.KeepAlive(x);
        return Tensor.Wrap(r);
    }

    public static unsafe Tensor layer_norm(Tensor x, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        IntPtr r;
        fixed (long* s = normalized_shape)
            r = Lib.ht_layer_norm(x.Handle, s, normalized_shape.Length, Tensor.HandleOrNull(weight), Tensor.HandleOrNull(bias), eps);
        GC.KeepAlive(x);
        GC.KeepAlive(weight);
        GC.KeepAlive(bias);
        return Tensor.Wrap(r);
    }

    /// <summary>x / sqrt(mean(x², last dim) + eps) · weight, computed in float32 as Llama does (float64 stays float64).</summary>
    public static Tensor rms_norm(Tensor x, Tensor? weight, double eps = 1e-6)
    {
        using var scope = torch.NewDisposeScope();
        var input = x.to(x.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32);
        var normed = (input * input.square().mean(-1, keepdim: true).add(eps).rsqrt()).to(x.dtype);
        var result = weight is null ? normed : weight * normed;
        return scope.MoveToOuter(result);
    }

    public static Tensor embedding(Tensor indices, Tensor weight, long padding_idx = -1)
    {
        var r = Lib.ht_embedding(weight.Handle, indices.Handle, padding_idx);
        GC.KeepAlive(weight);
        GC.KeepAlive(indices);
        return Tensor.Wrap(r);
    }

    /// <summary>y = x Wᵀ + b.</summary>
    public static Tensor linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        var r = Lib.ht_linear(x.Handle, weight.Handle, Tensor.HandleOrNull(bias));
        GC.KeepAlive(x);
        GC.KeepAlive(weight);
        GC.KeepAlive(bias);
        return Tensor.Wrap(r);
    }

    /// <summary>
    /// softmax(q kᵀ · scale + mask) v. A boolean mask marks the positions that may be attended to;
    /// a float mask is added to the scores. is_causal masks the future (top-left aligned).
    /// </summary>
    public static Tensor scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask = null,
        double dropout_p = 0, bool is_causal = false, double? scale = null)
    {
        var r = Lib.ht_sdpa(query.Handle, key.Handle, value.Handle, Tensor.HandleOrNull(attn_mask), dropout_p, is_causal ? 1 : 0,
            scale ?? 0, scale.HasValue ? 1 : 0);
        GC.KeepAlive(query);
        GC.KeepAlive(key);
        GC.KeepAlive(value);
        GC.KeepAlive(attn_mask);
        return Tensor.Wrap(r);
    }

    /// <summary>Constant padding; pad lists (left, right) pairs from the last dimension backwards.</summary>
    public static unsafe Tensor pad(Tensor x, long[] pad, double value = 0)
    {
        IntPtr r;
        fixed (long* p = pad) r = Lib.ht_pad(x.Handle, p, pad.Length, value);
        GC.KeepAlive(x);
        return Tensor.Wrap(r);
    }
}
