using System.Globalization;

namespace Halos.Torch.Optim;

/// <summary>Saves and restores each group's learning rate and weight decay alongside optimiser state.</summary>
internal static class GroupScalars
{
    public static void Write(IReadOnlyList<ParamGroup> groups, Dictionary<string, string> scalars)
    {
        scalars["groups"] = groups.Count.ToString(CultureInfo.InvariantCulture);
        for (var g = 0; g < groups.Count; g++)
        {
            scalars[$"group.{g}.lr"] = groups[g].LearningRate.ToString("R", CultureInfo.InvariantCulture);
            scalars[$"group.{g}.initial_lr"] = groups[g].InitialLearningRate.ToString("R", CultureInfo.InvariantCulture);
            scalars[$"group.{g}.weight_decay"] = groups[g].WeightDecay.ToString("R", CultureInfo.InvariantCulture);
            scalars[$"group.{g}.params"] = groups[g].Parameters.Count.ToString(CultureInfo.InvariantCulture);
        }
    }

    public static void Read(IReadOnlyList<ParamGroup> groups, IReadOnlyDictionary<string, string> scalars)
    {
        var saved = int.Parse(Get(scalars, "groups"), CultureInfo.InvariantCulture);
        if (saved != groups.Count) throw new ArgumentException($"optimizer state has {saved} parameter groups, this optimizer has {groups.Count}");
        for (var g = 0; g < groups.Count; g++)
        {
            var n = int.Parse(Get(scalars, $"group.{g}.params"), CultureInfo.InvariantCulture);
            if (n != groups[g].Parameters.Count)
                throw new ArgumentException($"optimizer state group {g} has {n} parameters, this optimizer's has {groups[g].Parameters.Count}");
            groups[g].LearningRate = double.Parse(Get(scalars, $"group.{g}.lr"), CultureInfo.InvariantCulture);
            groups[g].InitialLearningRate = double.Parse(Get(scalars, $"group.{g}.initial_lr"), CultureInfo.InvariantCulture);
            groups[g].WeightDecay = double.Parse(Get(scalars, $"group.{g}.weight_decay"), CultureInfo.InvariantCulture);
        }
    }

    private static string Get(IReadOnlyDictionary<string, string> scalars, string key) =>
        scalars.TryGetValue(key, out var v) ? v : throw new ArgumentException($"optimizer state lacks '{key}'");
}
