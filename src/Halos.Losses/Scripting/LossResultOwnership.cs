using Halos.Abstractions.Losses;
using Halos.Losses.Inputs;
using Halos.Torch;

namespace Halos.Losses.Scripting;

/// <summary>
/// A loss is evaluated inside its own dispose scope, so its temporaries are freed at once. The
/// tensors of the result must outlive it: they move to the caller's scope, except the caller's
/// own input tensors (a script may return one as-is), which were never the loss's to move.
/// This runs on every training step, so it allocates only the result.
/// </summary>
internal static class LossResultOwnership
{
    /// <param name="readers">How to read the inputs the loss could return as-is: those it reads.</param>
    public static LossResult MoveOut(DisposeScope scope, LossResult result, LossInputs inputs, IReadOnlyList<InputField> readers)
    {
        var losses = Keep(scope, result.Losses, inputs, readers, result, 0)!;
        var chosen = Keep(scope, result.ChosenRewards, inputs, readers, result, 1);
        var rejected = Keep(scope, result.RejectedRewards, inputs, readers, result, 2);
        if (result.Metrics.Count == 0) return new LossResult(losses, chosen, rejected);
        var metrics = new Dictionary<string, Tensor>(result.Metrics.Count, StringComparer.Ordinal);
        var position = 3;
        foreach (var (name, value) in result.Metrics) metrics[name] = Keep(scope, value, inputs, readers, result, position++)!;
        return new LossResult(losses, chosen, rejected, metrics);
    }

    private static Tensor? Keep(DisposeScope scope, Tensor? t, LossInputs inputs, IReadOnlyList<InputField> readers, LossResult result, int position)
    {
        if (t is null || IsInput(t, inputs, readers) || AppearsEarlier(t, result, position)) return t;
        return scope.MoveToOuter(t);
    }

    private static bool IsInput(Tensor t, LossInputs inputs, IReadOnlyList<InputField> readers)
    {
        for (var i = 0; i < readers.Count; i++)
            if (ReferenceEquals(readers[i].Read(inputs), t)) return true;
        return false;
    }

    // A tensor reported twice (a reward that is also a metric) moves once.
    private static bool AppearsEarlier(Tensor t, LossResult result, int position)
    {
        if (position > 0 && ReferenceEquals(result.Losses, t)) return true;
        if (position > 1 && ReferenceEquals(result.ChosenRewards, t)) return true;
        if (position > 2 && ReferenceEquals(result.RejectedRewards, t)) return true;
        var index = 3;
        foreach (var value in result.Metrics.Values)
        {
            if (index++ >= position) break;
            if (ReferenceEquals(value, t)) return true;
        }
        return false;
    }
}
