using System.Globalization;
using Halos.Abstractions.Running;
using Halos.Host.Cli;
using Halos.Host.Console;
using Microsoft.Extensions.Logging;

namespace Halos.Host.Verbs;

/// <summary>
/// <c>halos train|eval|score|sample</c>: resolve the plugins the configuration names, hand the plan to the
/// run-loop plugin, and show its progress. Ctrl+C asks the loop to save a checkpoint and stop (exit 130).
/// </summary>
public sealed class RunVerb(RunMode mode) : Verb
{
    public RunMode Mode { get; } = mode;

    public override string Name => Mode.ToString().ToLowerInvariant();

    public override string Summary => Mode switch
    {
        RunMode.Train => "Train the policy with the configured trainer, loss and data",
        RunMode.Eval => "Evaluate the configured model on Data:Eval without updating it",
        RunMode.Score => "Score the completions in --input with a reward model (a *ForSequenceClassification checkpoint)",
        RunMode.Label => "Turn halos sample's output into training data: preference pairs or unpaired labels, by the reward sources",
        _ => "Generate completions for the prompts in --input",
    };

    public override string Details => Mode switch
    {
        RunMode.Train => "Needs Training:Trainer, Model:Plugin, Model:Checkpoint (or Model:Architecture), Data:Loader, Data:Train and Loss:Script.\n"
            + "Ctrl+C finishes the current step (or stops a loss script stuck in a loop and drops its step), saves a checkpoint, and exits with code 130;\n"
            + "Training:ResumeFrom continues from it. A second Ctrl+C exits at once with code 3, saving nothing, and names the latest checkpoint.\n"
            + "A loss script call that runs past Loss:CallTimeoutSeconds (default 60) stops the run with an error naming it, after a checkpoint of the last completed step.",
        RunMode.Eval => "Needs Training:Trainer, Model:Plugin, Model:Checkpoint (or Model:Architecture), Data:Loader and Data:Eval.\n"
            + $"Loss:Script defaults to {EvalLossDefault.ForRewardModel} for a reward model (a *ForSequenceClassification checkpoint) and to {EvalLossDefault.ForPolicyWithReference} when --reference is given; otherwise set it.",
        RunMode.Sample => "Each input line is {\"prompt\": \"text\"}, {\"prompt\": [messages]} (rendered with the chat template and its generation prompt) or {\"prompt_ids\": [ids]}.\n"
            + "Each output line is one sample: {\"index\", \"sample\", \"completion\", \"completion_ids\", \"finish_reason\": \"stop\"|\"length\"}, then the input row's fields.\n"
            + "A completion stops at the tokenizer's end-of-sequence ids (and generation_config.json's) and at Generation:StopStrings. Other settings: Generation:MinP, Generation:RepetitionPenalty, Generation:BatchSize.",
        RunMode.Label => "The input is halos sample's output: rows with \"index\" (the prompt), \"completion\", \"completion_ids\" and the prompt row's fields (\"prompt\", and what reward sources read, e.g. \"answer\").\n"
            + "Rewards:Sources scores every sample, as in online training (accuracy, format, length, script, model, judge); the samples of one prompt are its group.\n"
            + "pairs: {\"prompt\", \"chosen\", \"rejected\"} from each group's best and worst (TRL's preference format; the trl-preference loader reads it).\n"
            + "unpaired: {\"prompt\", \"completion\", \"label\"} per sample (TRL's unpaired format; trl-unpaired reads it): desirable at or above --desirable-above,\n"
            + "or, without it, above the group's mean reward (undesirable below; at the mean left out). Ties and groups with no usable pair are counted.",
        _ => "Needs Training:Trainer, Model:Plugin and Model:Checkpoint (or Model:Architecture).",
    };

    public override IReadOnlyList<VerbOption> Options => Mode switch
    {
        RunMode.Score =>
            [new("--model", "DIR", "the reward model folder (same as --Model:Checkpoint=DIR)") { ConfigKey = "Model:Checkpoint" },
             new("--input", "FILE", "conversations to score, one JSON object per line: {\"messages\": [...]} or {\"text\": ...}", Required: true),
             new("--output", "FILE", "where to write the scores as JSON lines (default: standard output)")],
        RunMode.Sample =>
            [new("--model", "DIR", "the model folder to sample from (same as --Model:Checkpoint=DIR)") { ConfigKey = "Model:Checkpoint" },
             new("--input", "FILE", "the prompts, one JSON object per line", Required: true),
             new("--output", "FILE", "where to write the samples as JSON lines (default: standard output)"),
             new("--num-samples", "K", "completions per prompt (same as --Generation:NumSamples=K; default 1)") { ConfigKey = "Generation:NumSamples" },
             new("--max-new-tokens", "N", "the longest completion (same as --Generation:MaxNewTokens=N; default 64)") { ConfigKey = "Generation:MaxNewTokens" },
             new("--temperature", "T", "0 decodes greedily (same as --Generation:Temperature=T; default 1)") { ConfigKey = "Generation:Temperature" },
             new("--top-p", "P", "nucleus sampling (same as --Generation:TopP=P; default 1, off)") { ConfigKey = "Generation:TopP" },
             new("--top-k", "K", "keep the K most likely tokens (same as --Generation:TopK=K; default 0, off)") { ConfigKey = "Generation:TopK" },
             new("--seed", "S", "the sampler's seed (same as --Generation:Seed=S; default Training:Seed)") { ConfigKey = "Generation:Seed" },
             new("--logprobs", null, "write each completion token's log-prob as completion_logps (same as --Generation:ReturnLogProbs=true)") { ConfigKey = "Generation:ReturnLogProbs" }],
        RunMode.Label =>
            [new("--input", "FILE", "halos sample's output: K samples per prompt", Required: true),
             new("--output", "FILE", "where to write the training data as JSON lines (default: standard output)"),
             new("--as", "pairs|unpaired", "what to write (same as --Rewards:LabelAs; default pairs)") { ConfigKey = "Rewards:LabelAs" },
             new("--desirable-above", "R", "unpaired: the reward from which a sample is desirable (same as --Rewards:DesirableAbove; default: its group's mean)") { ConfigKey = "Rewards:DesirableAbove" }],
        RunMode.Eval =>
            [new("--model", "DIR", "the model folder to evaluate (same as --Model:Checkpoint=DIR)") { ConfigKey = "Model:Checkpoint" },
             new("--reference", "DIR", "the reference model folder (same as --Model:ReferenceCheckpoint=DIR)") { ConfigKey = "Model:ReferenceCheckpoint" },
             new("--loader", "NAME", "the loader plugin that reads --input (same as --Data:Loader=NAME)") { ConfigKey = "Data:Loader" },
             new("--input", "FILE", "the data to evaluate on (same as --Data:Eval=FILE)") { ConfigKey = "Data:Eval" },
             new("--show", "N", "print the first N pairs with their rewards and margin (same as --Training:EvalShow=N)") { ConfigKey = "Training:EvalShow" }, DryRun],
        RunMode.Train => [new("--resume", null, "continue from the newest complete checkpoint in Training:OutputDir (same as --Training:Resume=true)") { ConfigKey = "Training:Resume" }, DryRun],
        _ => [],
    };

    private static readonly VerbOption DryRun = new("--dry-run", null,
        "check the configuration, plugins (and their options), data files and loss script, print what would run, and stop: no model is loaded and nothing is written");

    public override int Run(VerbContext context)
    {
        // The verb's shorthands (options with a ConfigKey) are already configuration overrides.
        var session = context.Session;
        var (plan, loop) = RunPlanner.Plan(session, Mode, Mode == RunMode.Eval ? null : context.Option("--input"), context.Option("--output"),
            context.Cancellation);
        if (Mode is RunMode.Train or RunMode.Eval && context.Flag("--dry-run"))
        {
            var data = Mode == RunMode.Train ? plan.Data.Train : plan.Data.Eval;
            context.IO.Out.WriteLine($"dry run: {Name} with loop {plan.Training.Loop}, trainer {plan.Training.Trainer}, model plugin {plan.Model.Plugin} " +
                                     $"({plan.Model.Checkpoint ?? plan.Model.Architecture}), loader {plan.Data.Loader} ({data}), " +
                                     $"loss {plan.Loss.Script ?? "Loss:Combine"}, profile {plan.Profile ?? "(none)"}, output {plan.ResolvePath(plan.Training.OutputDir)}");
            context.IO.Out.WriteLine("dry run: the configuration is valid; nothing was loaded or written");
            return ExitCodes.Success;
        }
        var logger = session.Logger("Halos.Host.Run");
        logger.LogInformation("Starting {Mode} with loop {Loop}, trainer {Trainer}, model {Model}, profile {Profile}",
            Name, plan.Training.Loop, plan.Training.Trainer, plan.Model.Plugin, plan.Profile ?? "(none)");

        RunOutcome outcome;
        using (var progress = new ConsoleProgress(context.Surface))
            outcome = loop.Run(plan, new LatestCheckpointWatch(progress), context.Cancellation);

        if (outcome.Interrupted)
        {
            context.IO.Error.WriteLine(outcome.CheckpointPath is { } saved
                ? $"halos: interrupted at step {outcome.Steps}; checkpoint saved to {saved} (resume with --Training:ResumeFrom={saved})"
                : $"halos: interrupted at step {outcome.Steps}; no checkpoint was saved");
            return ExitCodes.Interrupted;
        }
        // Under halos launch every rank ends the same run; rank 0 speaks for it.
        if (Halos.Torch.Distributed.LaunchEnvironment.FromProcess() is { Rank: > 0 }) return ExitCodes.Success;
        // Samples written to standard output stay pure JSON lines: the summary then goes to standard error.
        var output = Mode is RunMode.Sample or RunMode.Label && plan.OutputPath is null ? context.IO.Error : context.IO.Out;
        output.WriteLine(outcome.Evaluated is { } evaluated
            ? string.Create(CultureInfo.InvariantCulture, $"{Name} finished: {evaluated.Examples} examples in {evaluated.Batches} batches")
            : Mode is RunMode.Score or RunMode.Sample or RunMode.Label
                ? $"{Name} finished" + (plan.OutputPath is { } written ? $"; written to {written}" : "")
                : $"{Name} finished after {outcome.Steps} steps" + (outcome.CheckpointPath is { } path ? $"; checkpoint {path}" : ""));
        foreach (var (metric, value) in outcome.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {metric} = {value:G6}"));
        return ExitCodes.Success;
    }
}
