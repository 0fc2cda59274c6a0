using Halos.Models.Layers;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Models.Lora;

/// <summary>
/// One projection's low-rank update: Δy = scaling · B(A(dropout(x))), with A = <c>lora_A.weight</c> [r, in] and
/// B = <c>lora_B.weight</c> [out, r] as PEFT names them. Initialised as PEFT does: A ~ kaiming-uniform(a = √5), which
/// is U(-1/√in, 1/√in), and B = 0, so the adapted model starts equal to its base.
/// </summary>
public sealed class LoraAdapter : Module, IProjectionAdapter
{
    public LoraAdapter(Projection target, LoraSettings settings)
    {
        Rank = settings.Rank;
        Scaling = settings.Scaling;
        DropoutProbability = settings.Dropout;
        var (dtype, device) = (target.weight.dtype, target.weight.device);
        lora_A = RegisterModule("lora_A", new Linear(target.InFeatures, Rank, bias: false, dtype, device));
        lora_B = RegisterModule("lora_B", new Linear(Rank, target.OutFeatures, bias: false, dtype, device));
        using var noGrad = torch.no_grad();
        lora_B.weight.zero_();
    }

    public int Rank { get; }
    public double Scaling { get; }
    public double DropoutProbability { get; }

    // PEFT's tensor names, so the module tree reads like the adapter file.
    // ReSharper disable InconsistentNaming
    public Linear lora_A { get; }
    public Linear lora_B { get; }
    // ReSharper restore InconsistentNaming

    public Tensor Delta(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var dropped = DropoutProbability > 0 && training ? F.dropout(input, DropoutProbability, true) : input;
        var delta = lora_B.forward(lora_A.forward(dropped)) * Scaling;
        scope.MoveToOuter(delta);
        return delta;
    }

    /// <summary>ΔW in the layout of <paramref name="target"/>'s weight ([out, in], or [in, out] for GPT-2's Conv1D).</summary>
    public Tensor WeightDelta(Projection target)
    {
        using var scope = torch.NewDisposeScope();
        var delta = lora_B.weight.matmul(lora_A.weight) * Scaling;
        if (target.FanInFanOut) delta = delta.t().contiguous();
        scope.MoveToOuter(delta);
        return delta;
    }
}
