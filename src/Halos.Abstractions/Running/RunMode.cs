namespace Halos.Abstractions.Running;

/// <summary>The verbs that run models, one mode each: <c>halos train|eval|score|sample|label</c>.</summary>
public enum RunMode
{
    /// <summary>Optimise the policy on <c>Data:Train</c>, evaluating on <c>Data:Eval</c>.</summary>
    Train,

    /// <summary>Run the loss and the trainer's metrics over <c>Data:Eval</c> without updating anything.</summary>
    Eval,

    /// <summary>Score the completions of an input file with the reward (or implicit DPO) model.</summary>
    Score,

    /// <summary>Generate completions for the prompts of an input file.</summary>
    Sample,

    /// <summary>Turn sampled completions (<c>halos sample</c>'s output) into preference or unpaired training data with the reward sources.</summary>
    Label,
}
