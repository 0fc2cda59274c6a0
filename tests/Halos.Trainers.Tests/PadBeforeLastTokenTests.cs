using Halos.Abstractions.Data;
using Halos.Abstractions.Running;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Trainers.Tests.Support;
using Halos.Trainers.Trainers;
using Halos.Training.Setup;

namespace Halos.Trainers.Tests;

/// <summary>
/// The reward trainer warns at the start when the data holds the pad id (here pad == eos) before a row's last real
/// token, where transformers before v4.48 would read the score at a different token; clean data gets no warning.
/// </summary>
public class PadBeforeLastTokenTests
{
    [Fact]
    public void FindsThePadIdOnlyWhenARealTokenFollowsIt()
    {
        const long pad = 9;
        var ids = torch.tensor(new long[]
        {
            1, 2, 3, 9, 9,   // trailing pad: fine
            1, 9, 3, 9, 9,   // pad at 1, then a real token: flagged
            1, 2, 9, 4, 5,   // mask ends at 3, the pad at 2 still precedes token 3: flagged
            9, 9, 2, 3, 9,   // leading pads (left padding by id): flagged at 0
        }, 4, 5);
        var mask = torch.tensor(new long[] { 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1 }, 4, 5);
        Assert.Equal(new long[] { -1, 1, 2, 0 }, PadBeforeLastToken.FirstInnerPad(ids, mask, pad));
        // A pad id past the mask is padding, whatever follows it.
        var beyondMask = torch.tensor(new long[] { 1, 2, 9, 4 }, 1, 4);
        Assert.Equal(new long[] { -1 }, PadBeforeLastToken.FirstInnerPad(beyondMask, torch.tensor(new long[] { 1, 1, 0, 0 }, 1, 4), pad));
    }

    [Fact]
    public void TheRewardTrainerWarnsAtTheStartNamingTheFirstExample()
    {
        var clean = CopyTask.Paired(6);
        var withInnerEos = clean.Append(new PairedExample("turns", Prompt.FromText("a="), $"aa{Halos.Tokenizers.ByteLevelTokenizer.EndOfText}a", "bbb")).ToList();
        Assert.Null(Warning(clean));
        var warning = Warning(withInnerEos);
        Assert.NotNull(warning);
        Assert.Contains("1 of 14 rows", warning);
        Assert.Contains("example 'turns'", warning);
        Assert.Contains($"pad_token_id {CharTokenizerFiles.EndOfText}", warning);
    }

    private static string? Warning(IReadOnlyList<Example> examples)
    {
        using var run = new TrainerRun("bradley_terry", examples);
        var plan = run.Plan();
        using var components = RunComponents.Build(plan, run.LoopOptions);
        var log = run.Warnings;
        run.TrainerFor(new RewardModelTrainer()).Prepare(new TrainerPreparation(RunMode.Train, components.Modules, components.Loss, examples,
            new CollateOptions(plan.Data.MaxLength), plan.Training, run.Root));
        var text = log.ToString();
        return text.Length == 0 ? null : text;
    }
}
