using Halos.Abstractions.Models;
using Halos.Abstractions.Running;
using Halos.Torch;

namespace Halos.Training.Setup;

/// <summary>The <see cref="ModelSpec"/> of a plan's <c>Model</c> section: the checkpoint resolved against the configuration root, the dtype parsed.</summary>
public static class PlanModelSpec
{
    public static ModelSpec Of(RunPlan plan, Device? onDevice = null) =>
        new(plan.Model.Architecture, string.IsNullOrWhiteSpace(plan.Model.Checkpoint) ? null : plan.ResolvePath(plan.Model.Checkpoint),
            ScalarTypeInfo.Parse(plan.Model.DType), onDevice ?? Device.Parse(plan.Model.Device),
            plan.Model.Options ?? plan.Configuration.GetSection("Model:Options"));
}
