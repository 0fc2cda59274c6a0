using System.Reflection;
using Halos.Abstractions.Losses;
using Halos.Losses.Checking;
using Halos.Losses.Scripting;
using Halos.Torch;

namespace Halos.Losses.Tests;

/// <summary>The loss inputs are declared once (<see cref="LossInputAttribute"/> on <see cref="LossInputs"/>); everything else reads that list.</summary>
public class InputCatalogTests
{
    [Fact]
    public void EveryTensorOfLossInputsIsDeclaredAsAnInput()
    {
        var tensors = typeof(LossInputs).GetProperties().Where(p => p.PropertyType == typeof(Tensor)).Select(p => p.Name).ToList();
        Assert.Equal(tensors, InputCatalog.Fields.Select(f => f.Name));
        Assert.Equal(32, InputCatalog.Fields.Count);
    }

    [Fact]
    public void TheDeclarationCarriesShapeElementDescriptionKindsAndReduction()
    {
        var mask = InputCatalog.Get("ChosenMask");
        Assert.Equal(("[B, T]", InputElement.Bool, "which chosen-completion tokens count"), (mask.Shape, mask.Element, mask.Description));
        Assert.Equal([DataKind.Paired], mask.ProvidedBy);
        Assert.Equal([DataKind.Sft, DataKind.Unpaired, DataKind.Grouped], InputCatalog.Get("PolicyPerToken").ProvidedBy);
        Assert.Equal(["PolicyKL", "ReferenceKL"], InputCatalog.Fields.Where(f => f.GatheredAcrossRanks).Select(f => f.Name));
    }

    [Fact]
    public void TheScriptGlobalsExposeEveryDeclaredInputAndNothingElse()
    {
        // LossScriptGlobals.Inputs.cs holds one getter per input; it must not drift from the declarations.
        var globals = typeof(LossScriptGlobals).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(Tensor) && InputCatalog.Find(p.Name) is not null)
            .Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(InputCatalog.Fields.Select(f => f.Name).Order(StringComparer.Ordinal), globals);
    }

    [Fact]
    public void BuildAndToDictionaryRoundTripEveryInput()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = InputCatalog.Fields.ToDictionary(f => f.Name, f => torch.zeros(1));
        var inputs = InputCatalog.Build(tensors, groupSize: 3);
        Assert.Equal(3, inputs.GroupSize);
        Assert.Equal(tensors.Keys.Order(), InputCatalog.ToDictionary(inputs).Keys.Order());
        Assert.NotNull(inputs.Scored);
        var e = Assert.Throws<ArgumentException>(() => InputCatalog.Build(new Dictionary<string, Tensor> { ["PolicyChosn"] = torch.zeros(1) }));
        Assert.StartsWith("'PolicyChosn' is not a loss input; known inputs: PolicyChosen, PolicyRejected", e.Message);
    }

    [Fact]
    public void SyntheticInputsFillEveryDeclaredInputConsistently()
    {
        using var scope = torch.NewDisposeScope();
        var names = InputCatalog.Fields.Select(f => f.Name).ToList();
        var inputs = SyntheticInputs.For(names);
        foreach (var field in InputCatalog.Fields) Assert.True(field.Read(inputs) is not null, $"{field.Name} has no synthetic value");
        // A sum equals its per-token values under the mask, as a trainer computes it.
        var expected = (inputs.PolicyChosenPerToken!.detach() * inputs.ChosenMask!.to(ScalarType.Float64)).sum(-1);
        LossAssert.Close(expected.data<double>().ToArray(), inputs.PolicyChosen, 1e-12, "PolicyChosen");
        Assert.Equal(new long[] { SyntheticInputs.Batch, SyntheticInputs.ListLength }, inputs.RankedScores!.shape);
    }
}
