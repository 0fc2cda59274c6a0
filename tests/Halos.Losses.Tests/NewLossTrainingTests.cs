using Halos.Abstractions.Losses;
using Halos.Torch;
using Halos.Torch.NN;
using Halos.Torch.Optim;

namespace Halos.Losses.Tests;

/// <summary>
/// A loss nobody compiled into the project, written as a .csx at test time, trains a small
/// policy through the public API alone: load, compute, backward, AdamW.
/// </summary>
public class NewLossTrainingTests
{
    private sealed class TinyPolicy : Module<Tensor, Tensor>
    {
        private readonly Linear _head;

        public TinyPolicy()
        {
            _head = new Linear(6, 5, dtype: ScalarType.Float64);
            RegisterModule("head", _head);
        }

        public override Tensor forward(Tensor x) => F.log_softmax(_head.forward(x), -1);
    }

    [Fact]
    public void ATemporaryScriptTrainsWithNoRebuild()
    {
        var path = TempScripts.Write("""
            // A smooth hinge on the DPO margin, a loss this repository does not ship.
            Consumes(DataKind.Paired);
            UsesReference();
            var beta = Param("beta", 0.5, "scale of the log-ratio margin");
            var margin = beta * ((PolicyChosen - ReferenceChosen) - (PolicyRejected - ReferenceRejected));
            Metric("margin", margin.mean());
            return Loss(softplus(1 - margin), chosenRewards: beta * (PolicyChosen - ReferenceChosen).detach());
            """, "smooth_hinge");
        var loss = LossScript.Load(path, new Dictionary<string, string> { ["beta"] = "1.0" }, TestCache.Options);
        Assert.Equal(DataKind.Paired, loss.Kind);
        Assert.True(loss.NeedsReference);

        torch.manual_seed(7);
        using var policy = new TinyPolicy();
        var x = torch.randn([8, 6], ScalarType.Float64);
        var chosen = torch.tensor(new long[] { 0, 1, 2, 3, 4, 0, 1, 2 }, 8, 1);
        var rejected = torch.tensor(new long[] { 4, 3, 0, 1, 2, 2, 4, 3 }, 8, 1);
        Tensor reference;
        using (torch.no_grad()) reference = policy.forward(x).detach();
        var refChosen = reference.gather(1, chosen).squeeze(1);
        var refRejected = reference.gather(1, rejected).squeeze(1);
        using var optimizer = new AdamW(policy.parameters(), lr: 0.05);

        double? first = null, last = null;
        for (var step = 0; step < 60; step++)
        {
            using var scope = torch.NewDisposeScope();
            var logps = policy.forward(x);
            var result = loss.Compute(new LossInputs
            {
                PolicyChosen = logps.gather(1, chosen).squeeze(1), PolicyRejected = logps.gather(1, rejected).squeeze(1),
                ReferenceChosen = refChosen, ReferenceRejected = refRejected,
            });
            var value = result.Loss();
            optimizer.zero_grad();
            value.backward();
            optimizer.step();
            first ??= value.item<double>();
            last = value.item<double>();
        }

        Assert.Equal(Math.Log(1 + Math.E), first!.Value, 6);   // policy = reference at step 0: softplus(1)
        Assert.True(last < 0.2 * first, $"loss went from {first} to {last}");
        using var check = torch.NewDisposeScope();
        var final = policy.forward(x);
        var wins = (final.gather(1, chosen) > final.gather(1, rejected)).to(ScalarType.Float64).mean().item<double>();
        Assert.Equal(1.0, wins);
    }
}
