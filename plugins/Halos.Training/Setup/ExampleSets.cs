using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Running;

namespace Halos.Training.Setup;

/// <summary>Reads a run's examples through its loader plugin, into memory (the sampler needs random access).</summary>
public static class ExampleSets
{
    /// <summary>Every example of <paramref name="location"/> (capped by <c>Data:Limit</c>, then by <paramref name="take"/> when positive).</summary>
    public static IReadOnlyList<Example> Load(RunPlan plan, string location, string setting, DataKind kind, long take, CancellationToken cancellationToken)
    {
        // The host has checked that the loader reads the loss's data kind.
        var loader = plan.Loader ?? throw new InvalidOperationException("Data:Loader is not set; a run that reads data needs a loader plugin");
        // A path is read relative to the configuration root; anything else (a dataset name) goes to the loader as written.
        var resolved = plan.ResolvePath(location);
        if (File.Exists(resolved) || Directory.Exists(resolved)) location = resolved;
        var source = new DataSource(location, kind, plan.Data.Options ?? plan.Configuration.GetSection("Data:Options"), plan.Data.Limit, plan.Data.OnBadRow);
        var examples = loader.Load(source, cancellationToken);
        var list = (take > 0 ? examples.Take(checked((int)Math.Min(take, int.MaxValue))) : examples).ToList();
        if (list.Count == 0)
            throw new DataFormatException(source.Location, null, $"no examples; {setting} must name data with at least one {kind.ToString().ToLowerInvariant()} example");
        var expected = Example.ShapeOf(kind);
        var wrong = list.FirstOrDefault(e => !expected.IsInstanceOfType(e) && !(e is TokenizedPairedExample && expected == typeof(PairedExample)));
        if (wrong is not null)
            throw new DataFormatException(source.Location, null,
                $"example '{wrong.Id}' is a {wrong.GetType().Name}; a {kind.ToString().ToLowerInvariant()} loss needs {expected.Name}s (loader '{plan.Data.Loader}')");
        return list;
    }
}
