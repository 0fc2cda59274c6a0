using Halos.Abstractions.Losses;
using Halos.Losses.Inputs;
using Halos.Torch;

namespace Halos.Losses.Scripting;

/// <summary>
/// The names a loss script sees. A script declares what it consumes (<see cref="Consumes"/>,
/// <see cref="UsesReference"/>, <see cref="Param(string, double, string)"/>), reads its inputs
/// (the properties, named as in <see cref="LossInputs"/>), and returns <see cref="Loss"/>.
/// Declarations are read from the source at compile time; at run time they only hand back values.
/// Helper names are lower case, as in torch.nn.functional, so a formula reads as in the paper.
/// </summary>
public sealed partial class LossScriptGlobals
{
    private readonly ScriptRun _run;

    internal LossScriptGlobals(ScriptRun run) => _run = run;

    // ---- declarations -------------------------------------------------------------------------

    /// <summary>Declares the data the loss consumes. Exactly one per script.</summary>
    public void Consumes(DataKind kind) { }

    /// <summary>Declares that the loss needs a frozen reference model's log-probs.</summary>
    public void UsesReference() { }

    /// <summary>
    /// Declares that the loss needs the reference model unless the number parameter <paramref name="parameter"/> is 0,
    /// in which case no reference pass runs (and reading a reference input is an error).
    /// </summary>
    public void UsesReferenceUnlessZero(string parameter) { }

    /// <summary>A hyperparameter: its value from configuration, or the default. Arguments must be constants.</summary>
    public double Param(string name, double @default, string description) => _run.Parameter<double>(name);

    public int Param(string name, int @default, string description) => _run.Parameter<int>(name);

    public bool Param(string name, bool @default, string description) => _run.Parameter<bool>(name);

    /// <summary>One of a few named values, <paramref name="choices"/> separated by '|': <c>Choice("loss_type", "dapo", "grpo|bnpo|dapo|dr_grpo", "...")</c>.</summary>
    public string Choice(string name, string @default, string choices, string description) => _run.Parameter<string>(name);

    /// <summary>
    /// Each row's group mean for grouped data ([B], groups of <see cref="GroupSize"/> consecutive rows), over the rows
    /// where <paramref name="mask"/> holds; a group with none gives 0.
    /// </summary>
    public Tensor group_mean(Tensor x, Tensor mask)
    {
        var m = mask.to(x.dtype).view(-1, GroupSize);
        var groups = x.view(-1, GroupSize);
        var mean = (groups * m).sum(1, keepdim: true) / m.sum(1, keepdim: true).clamp_min(1);
        return mean.expand_as(groups).reshape(-1);
    }

    /// <summary>
    /// Each row's group standard deviation over the rows where <paramref name="mask"/> holds, dividing by n − ddof
    /// (ddof 1: torch.std; 0: the population std); a group of n ≤ ddof gives 0.
    /// </summary>
    public Tensor group_std(Tensor x, Tensor mask, int ddof = 1)
    {
        var m = mask.to(x.dtype).view(-1, GroupSize);
        var groups = x.view(-1, GroupSize);
        var n = m.sum(1, keepdim: true);
        var mean = (groups * m).sum(1, keepdim: true) / n.clamp_min(1);
        var variance = ((groups - mean).pow(2) * m).sum(1, keepdim: true) / (n - ddof).clamp_min(1);
        // A group whose rewards are all equal (or with one scored completion) has variance 0, where sqrt's derivative is
        // infinite: the std is 0 there, with a zero gradient rather than NaN.
        var std = variance.clamp_min(1e-30).sqrt().masked_fill(variance <= 0, 0);
        return std.expand_as(groups).reshape(-1);
    }

    /// <summary>
    /// The sum of <paramref name="x"/> over this microbatch on every rank, with no gradient: a normaliser that sees the
    /// global batch in data-parallel training (DAPO's token count), and the local sum otherwise.
    /// </summary>
    public Tensor global_sum(Tensor x)
    {
        var v = x.detach();
        var local = v.sum(dtype: ScalarType.Float64).item<double>();
        var total = _run.Tape is not { Replaying: true } && _run.Inputs.CrossRankSum is { } sum ? sum([local])[0] : local;
        return stop_gradient(torch.full([], total, v.dtype, v.device));
    }

    /// <summary>Whether the caller provided an optional input: <c>Provided(nameof(Margin)) ? Margin : null</c>.</summary>
    public bool Provided(string input)
    {
        if (input == InputCatalog.GroupSizeName) return _run.Inputs.GroupSize > 0;
        var field = InputCatalog.Find(input)
                    ?? throw new ArgumentException($"Provided(\"{input}\"): not a loss input; use nameof, e.g. Provided(nameof(Margin))", nameof(input));
        return field.Read(_run.Inputs) is not null;
    }

    // ---- results ------------------------------------------------------------------------------

    /// <summary>The script's result: per-example losses [B], and the implicit rewards if it has them.</summary>
    public LossResult Loss(Tensor losses, Tensor? chosenRewards = null, Tensor? rejectedRewards = null) =>
        new(losses, chosenRewards, rejectedRewards, _run.Metrics is { } m ? new Dictionary<string, Tensor>(m) : null);

    /// <summary>Reports a named metric (detached) with the result.</summary>
    public void Metric(string name, Tensor value) => _run.AddMetric(name, value.detach());

    // ---- helpers ------------------------------------------------------------------------------

    public Tensor logsigmoid(Tensor x) => F.logsigmoid(x);
    public Tensor sigmoid(Tensor x) => F.sigmoid(x);
    public Tensor softplus(Tensor x) => F.softplus(x);
    public Tensor relu(Tensor x) => F.relu(x);
    public Tensor clamp(Tensor x, double? min = null, double? max = null) => x.clamp(min, max);
    public Tensor exp(Tensor x) => x.exp();
    public Tensor log(Tensor x) => x.log();

    /// <summary>log(1 - exp(x)) for x ≤ 0, accurate at both ends (Mächler 2012): no -inf near 0, no 1 - 1 near -∞.</summary>
    public Tensor log1mexp(Tensor x) =>
        torch.where(x > -Math.Log(2), (-x.expm1()).log(), (-x.exp()).log1p());

    /// <summary>Σ x·mask along <paramref name="dim"/>.</summary>
    public Tensor masked_sum(Tensor x, Tensor mask, long dim = -1) => (x * mask.to(x.dtype)).sum(dim);

    /// <summary>Σ x·mask / Σ mask along <paramref name="dim"/>; a row with no unmasked entry gives 0, not NaN.</summary>
    public Tensor masked_mean(Tensor x, Tensor mask, long dim = -1)
    {
        var m = mask.to(x.dtype);
        return (x * m).sum(dim) / m.sum(dim).clamp_min(1);
    }

    /// <summary>
    /// A value gradients do not flow through (x.detach()). Use it, rather than detach, for a term the
    /// loss depends on but must not differentiate, so <c>halos loss check</c> holds it fixed too.
    /// </summary>
    public Tensor stop_gradient(Tensor x) => _run.Tape is { } tape ? tape.Pass(x) : x.detach();

    /// <summary>
    /// The count-weighted mean of every value passed under <paramref name="name"/> so far, this batch
    /// included, as a detached scalar. It persists for the life of the loaded script, and checkpoints save it.
    /// </summary>
    public Tensor running_mean(string name, Tensor values)
    {
        var v = values.detach();
        var replaying = _run.Tape is { Replaying: true };
        var mean = 0.0;
        if (!replaying)
        {
            // In data-parallel training the batch's sum and count are those of every rank, so all ranks keep one mean.
            double[] batch = [v.sum(dtype: ScalarType.Float64).item<double>(), v.numel()];
            if (_run.Inputs.CrossRankSum is { } sum) batch = sum(batch);
            mean = _run.RunningMeans.Update(name, batch[0], (long)batch[1]);
        }
        return stop_gradient(torch.full([], mean, v.dtype, v.device));
    }
}
