using Halos.Abstractions.Models;
using Halos.Abstractions.Training;
using Halos.Torch;
using Halos.Trainers.Reference;
using Halos.Trainers.Tests.Support;
using Halos.Trainers.Trainers;
using Halos.Training.Setup;

namespace Halos.Trainers.Tests;

/// <summary>Training:LoopOptions:Reference=lora-base: the LoRA policy with its adapters off is the reference, with no second model.</summary>
public class LoraReferenceTests
{
    private static TrainerRun LoraRun()
    {
        var run = new TrainerRun("dpo", CopyTask.Paired(12));
        run.Settings["Model:Lora:Rank"] = "4";
        run.Settings["Model:Lora:Alpha"] = "8";
        run.Settings["Model:Lora:TargetModules"] = "c_attn,c_fc";
        return run;
    }

    /// <summary>The DPO loss of one batch and the gradients of the trainable parameters, by name.</summary>
    private static (float loss, Dictionary<string, float[]> grads) Step(PairedPreferenceTrainer trainer, Batch batch, TrainingModules modules, RunComponents components)
    {
        using var scope = torch.NewDisposeScope();
        modules.Policy.zero_grad();
        var inputs = trainer.ComputeLossInputs(batch, modules, components.Loss);
        var loss = components.Loss.Compute(inputs).Loss();
        loss.backward();
        var grads = modules.Policy.named_parameters().Where(p => p.parameter.requires_grad)
            .ToDictionary(p => p.name, p => p.parameter.grad!.data<float>());
        return (loss.item<float>(), grads);
    }

    [Fact]
    public void ADpoStepWithTheLoraBaseReferenceEqualsOneWithAFrozenCopyOfTheBase()
    {
        using var run = LoraRun();
        var plan = run.Plan();
        using var components = RunComponents.Build(plan, run.LoopOptions);
        var modules = components.Modules;
        Assert.Null(modules.Reference);  // no second copy of the weights
        Assert.True(((IAdapterSwitch)modules.Policy).HasAdapters);

        // Adapters as after some training, so the policy differs from its base.
        torch.manual_seed(1);
        using (torch.no_grad())
            foreach (var (name, p) in modules.Policy.named_parameters().Where(p => p.name.Contains("lora_B")))
            {
                using var noise = torch.randn(p.shape) * 0.3;
                p.copy_(noise);
            }

        var trainer = new PairedPreferenceTrainer();
        using var batch = trainer.Collate(CopyTask.Paired(12).Take(4).ToList(), components.Kind, modules.Tokenizer, new CollateOptions(32));
        Assert.IsType<LoraBaseReference>(LiveReference.For(modules, components.Loss));
        var withLoraBase = Step(trainer, batch, modules, components);

        // The same step against a separate frozen copy of the base checkpoint.
        using var frozen = plan.Models.Build(components.Spec with { Lora = null }, ModelRole.Reference);
        var separate = modules with { Reference = frozen };
        Assert.IsType<FrozenReference>(LiveReference.For(separate, components.Loss));
        var withFrozenCopy = Step(trainer, batch, separate, components);

        Assert.InRange(Math.Abs(withLoraBase.loss - withFrozenCopy.loss), 0, 1e-5);
        Assert.Equal(withFrozenCopy.grads.Keys.Order(), withLoraBase.grads.Keys.Order());
        Assert.All(withFrozenCopy.grads.Keys, n => Assert.Contains(".lora.lora_", n));  // only adapters train
        Assert.Equal(2 * 2 * 2, withFrozenCopy.grads.Count);  // 2 layers × (c_attn, c_fc) × (A, B)
        foreach (var (name, expected) in withFrozenCopy.grads)
            Assert.InRange(expected.Zip(withLoraBase.grads[name], (a, b) => Math.Abs(a - b)).Max(), 0, 1e-5);

        // It can fail: the policy's own log-probs (adapters on) are not the reference's.
        using var scope = torch.NewDisposeScope();
        var reference = LiveReference.For(modules, components.Loss).LogProbs(batch);
        var policy = new FrozenReference(modules.Policy, Device.CPU).LogProbs(batch);
        Assert.True((reference.Sum() - policy.Sum()).abs().max().item<float>() > 1e-3f);
        Assert.True(modules.Policy.training);  // the reference forward restored training mode
    }

    [Fact]
    public void LoraBaseWithoutLoraOrWithModulesToSaveIsAClearError()
    {
        using var run = new TrainerRun("dpo", CopyTask.Paired(4));
        run.Settings["Training:LoopOptions:Reference"] = "lora-base";
        var error = Assert.Throws<InvalidOperationException>(() => RunComponents.Build(run.Plan(), run.LoopOptions));
        Assert.Contains("Training:LoopOptions:Reference=lora-base", error.Message);
        Assert.Contains("Model:Lora", error.Message);

        using var saving = LoraRun();
        saving.Settings["Model:Lora:ModulesToSave"] = "ln_f";
        using var components = RunComponents.Build(saving.Plan(), saving.LoopOptions);
        var switchOff = Assert.Throws<InvalidOperationException>(() => ((IAdapterSwitch)components.Modules.Policy).DisableAdapters());
        Assert.Contains("Model:Lora:ModulesToSave", switchOff.Message);
    }

    [Fact]
    public void PrecomputedReferenceLogProbsOfALoraRunComeFromTheAdaptersOffPolicy()
    {
        using var run = LoraRun();
        run.Settings["Training:LoopOptions:Reference"] = "precomputed";
        run.Settings["Training:LoopOptions:ReferenceCache"] = "cache";
        var plan = run.Plan();
        using var components = RunComponents.Build(plan, run.LoopOptions);
        Assert.Null(components.Modules.Reference);  // precomputing needs no second model either
        var trainer = run.TrainerFor(new PairedPreferenceTrainer());
        trainer.Prepare(new TrainerPreparation(Abstractions.Running.RunMode.Train, components.Modules, components.Loss, run.Loader.Sets["train"],
            new CollateOptions(plan.Data.MaxLength), plan.Training, run.Root) { PrecomputeReferenceIn = run.PrecomputeReferenceIn });

        using var scope = torch.NewDisposeScope();
        using var batch = trainer.Collate(CopyTask.Paired(12).Take(4).ToList(), components.Kind, components.Modules.Tokenizer, new CollateOptions(32));
        var precomputed = Assert.IsType<PrecomputedReference>(trainer.ReferenceFor(components.Modules, components.Loss)).LogProbs(batch);
        var adaptersOff = LiveReference.OrNull(components.Modules)!.LogProbs(batch);
        Assert.IsType<LoraBaseReference>(LiveReference.OrNull(components.Modules));
        Assert.True((precomputed.Sum() - adaptersOff.Sum()).abs().max().item<float>() < 1e-4f);
        Assert.True(adaptersOff.Sum().abs().min().item<float>() > 1f);  // real log-probs, not zeros
    }
}
