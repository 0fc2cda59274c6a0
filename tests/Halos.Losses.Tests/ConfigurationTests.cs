using Halos.Abstractions.Losses;
using Halos.Losses.Configuration;
using Halos.Torch;
using Microsoft.Extensions.Configuration;

namespace Halos.Losses.Tests;

/// <summary>Losses declared in configuration: hyperparameters from Loss:Params, and weighted combinations with no new script.</summary>
public class ConfigurationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .AddInMemoryCollection([new KeyValuePair<string, string?>("Loss:CacheDirectory", TestCache.Directory)])
            .Build();

    private static LossInputs Paired(ScalarType dtype = ScalarType.Float64) => new()
    {
        PolicyChosen = T.Of(dtype, -12.3, -40.1, -5.5), PolicyRejected = T.Of(dtype, -14.0, -38.2, -9.9),
        ReferenceChosen = T.Of(dtype, -12.0, -41.0, -6.0), ReferenceRejected = T.Of(dtype, -13.1, -37.0, -8.7),
        ChosenLengths = T.Of(dtype, 4, 10, 2),
    };

    [Fact]
    public void HyperparametersComeFromLossParams()
    {
        var config = Config(("Loss:Script", "dpo"), ("Loss:Params:beta", "0.2"));
        var loss = Assert.IsType<LossScript>(LossConfiguration.Load(config.GetSection("Loss"), RepoPaths.Losses));
        Assert.Equal(0.2, loss.Values["beta"]);
        Assert.Equal(0.0, loss.Values["label_smoothing"]);

        var viaSection = LossScript.Load(RepoPaths.Loss("dpo"), config.GetSection("Loss:Params"), TestCache.Options);
        Assert.Equal(0.2, viaSection.Values["beta"]);
    }

    [Fact]
    public void AnUnknownKeyInTheProfileNamesTheScriptAndTheDeclaredParameters()
    {
        var config = Config(("Loss:Script", "kto"), ("Loss:Params:desirable_wieght", "2"));
        var e = Assert.Throws<LossConfigurationException>(() => LossConfiguration.Load(config.GetSection("Loss"), RepoPaths.Losses));
        Assert.Contains("kto.csx: unknown hyperparameter 'desirable_wieght' (Loss:Params:desirable_wieght)", e.Message);
        Assert.Contains("desirable_weight = 1 (number)", e.Message);
        Assert.Contains("undesirable_weight = 1 (number)", e.Message);

        var typo = Config(("Loss:Script", "dpo"), ("Loss:Parms:beta", "2"));
        var e2 = Assert.Throws<LossConfigurationException>(() => LossConfiguration.Load(typo.GetSection("Loss"), RepoPaths.Losses));
        Assert.Contains("Loss:Parms is not a loss setting", e2.Message);
    }

    [Fact]
    public void MpoIsAWeightedCombinationDeclaredInConfiguration()
    {
        var config = Config(
            ("Loss:Combine:0:Script", "dpo"), ("Loss:Combine:0:Weight", "0.8"),
            ("Loss:Combine:1:Script", "bco_pair"), ("Loss:Combine:1:Weight", "0.2"),
            ("Loss:Combine:2:Script", "sft"), ("Loss:Combine:2:Weight", "1.0"));
        var mpo = Assert.IsType<WeightedLoss>(LossConfiguration.Load(config.GetSection("Loss"), RepoPaths.Losses));
        Assert.Equal(DataKind.Paired, mpo.Kind);
        Assert.True(mpo.NeedsReference);
        Assert.Contains("PolicyChosen", mpo.Inputs);
        Assert.Contains("ChosenLengths", mpo.Inputs);           // sft's Lengths, read from the chosen side

        using var scope = torch.NewDisposeScope();
        var inputs = Paired();
        var result = mpo.Compute(inputs);
        var dpo = TestCache.Load("dpo").Compute(inputs).Losses;
        var bco = TestCache.Load("bco_pair").Compute(inputs).Losses;        // a fresh load: the same first-batch δ
        var sft = inputs.PolicyChosen!.neg() / inputs.ChosenLengths!;
        var expected = (0.8 * dpo + 0.2 * bco + 1.0 * sft).data<double>();
        LossAssert.Close(expected, result.Losses, 1e-12);
        LossAssert.Close(dpo.mean().item<double>(), result.Metrics["dpo/loss"], 1e-12, "dpo/loss");
        Assert.True(result.Metrics.ContainsKey("bco_pair/delta"));
        LossAssert.Close(inputs.PolicyChosen.data<double>().Select((p, i) => 0.1 * (p - inputs.ReferenceChosen!.data<double>()[i])).ToArray(),
            result.ChosenRewards, 1e-12, "rewards from the first term");
    }

    [Fact]
    public void CombinationsAreChecked()
    {
        var mixed = Config(("Loss:Combine:0:Script", "dpo"), ("Loss:Combine:0:Weight", "1"),
            ("Loss:Combine:1:Script", "kto"), ("Loss:Combine:1:Weight", "1"));
        var e = Assert.Throws<LossConfigurationException>(() => LossConfiguration.Load(mixed.GetSection("Loss"), RepoPaths.Losses));
        Assert.Contains("must consume the same kind of data", e.Message);

        var noWeight = Config(("Loss:Combine:0:Script", "dpo"));
        e = Assert.Throws<LossConfigurationException>(() => LossConfiguration.Load(noWeight.GetSection("Loss"), RepoPaths.Losses));
        Assert.Contains("Loss:Combine:0:Weight is missing", e.Message);

        var badParam = Config(("Loss:Combine:0:Script", "dpo"), ("Loss:Combine:0:Weight", "1"), ("Loss:Combine:0:Params:gamma", "1"));
        e = Assert.Throws<LossConfigurationException>(() => LossConfiguration.Load(badParam.GetSection("Loss"), RepoPaths.Losses));
        Assert.Contains("dpo.csx: unknown hyperparameter 'gamma'", e.Message);

        var both = Config(("Loss:Script", "dpo"), ("Loss:Combine:0:Script", "dpo"), ("Loss:Combine:0:Weight", "1"));
        e = Assert.Throws<LossConfigurationException>(() => LossConfiguration.Load(both.GetSection("Loss"), RepoPaths.Losses));
        Assert.Contains("Loss:Script and Loss:Combine are both set", e.Message);
    }
}
