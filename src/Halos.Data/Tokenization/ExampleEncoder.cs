using Halos.Abstractions.Data;
using Halos.Abstractions.Models;

namespace Halos.Data.Tokenization;

/// <summary>
/// Encodes examples into <see cref="TokenSequence"/>s with exact prompt masks, and enforces the token budgets
/// with the configured <see cref="OverLengthPolicy"/>. A row is over length when its prompt exceeds
/// <c>max_prompt_length</c>, a completion exceeds <c>max_completion_length</c>, or any of its sequences exceeds
/// <c>max_length</c>. Truncation first cuts each completion to <c>max_completion_length</c> (as TRL does), then
/// keeps the most recent prompt turns (dropping whole earlier exchanges, then the prompt's oldest tokens), then
/// cuts each completion's end to fit <c>max_length</c>; the prompt of a pair or list is cut once, so all its
/// sequences share it. Pre-tokenized pairs carry whole sequences, so only <c>max_length</c> applies to them.
/// </summary>
public sealed class ExampleEncoder
{
    private readonly ITokenizer _tokenizer;
    private readonly PromptRendering _rendering;

    public ExampleEncoder(ITokenizer tokenizer, EncodingOptions options)
    {
        options.Validate();
        _tokenizer = tokenizer;
        _rendering = new PromptRendering(tokenizer);
        Options = options;
    }

    public EncodingOptions Options { get; }

    /// <summary>
    /// Encodes one example. Returns null with <paramref name="affected"/> set when the policy drops it;
    /// <paramref name="affected"/> is also set when it truncates. Throws <see cref="DataFormatException"/>
    /// naming the row under the error policy, or when the template cannot be masked.
    /// </summary>
    public EncodedExample? Encode(Example example, out LengthAffectedRow? affected)
    {
        affected = null;
        if (example is TokenizedPairedExample tokenized) return EncodeTokenized(tokenized, ref affected);
        // An online rollout trains on the very tokens it sampled: its budgets were applied when it was generated.
        if (example is GroupedExample { PromptIds: { } promptIds } rollout && rollout.Completions.Count > 0 && rollout.Completions.All(c => c.TokenIds is not null))
            return new EncodedExample(example, rollout.Completions.Select(c => TokenSequence.Concat(promptIds, c.TokenIds)).ToList());
        var completions = CompletionsOf(example);
        var (prompt, completionIds) = _rendering.Encode(example.Id, example.Prompt, completions);

        if (OverLength(prompt.Length, completionIds) is not { } over)
            return new EncodedExample(example, completionIds.Select(c => TokenSequence.Concat(prompt, c)).ToList());
        var (limit, reason) = over;
        switch (Options.OverLength)
        {
            case OverLengthPolicy.Error:
                throw new DataFormatException(example.Id, null, $"{reason}; shorten the row, raise the limit, or set the over-length policy to truncate or drop");
            case OverLengthPolicy.Drop:
                affected = new LengthAffectedRow(example.Id, OverLengthPolicy.Drop, reason, limit);
                return null;
        }
        affected = new LengthAffectedRow(example.Id, OverLengthPolicy.Truncate, reason, limit);
        if (prompt.Length > PromptBudget && example.Prompt.Messages is { } messages)
            (prompt, completionIds) = DropEarlierTurns(example, messages, completions, prompt, completionIds);
        if (prompt.Length > PromptBudget) prompt = KeepPromptEnd(prompt, PromptBudget);
        var sequences = completionIds.Select(c => TokenSequence.Concat(prompt, CutEnd(KeepCompletionStart(c), prompt.Length))).ToList();
        return new EncodedExample(example, sequences, Truncated: true);
    }

    /// <summary>Encodes a dataset in parallel (order kept) and reports what the length policy did.</summary>
    public EncodedDataset EncodeAll(IReadOnlyList<Example> examples)
    {
        var results = new EncodedExample?[examples.Count];
        var affected = new LengthAffectedRow?[examples.Count];
        var errors = new Exception?[examples.Count];
        Parallel.For(0, examples.Count, i =>
        {
            try
            {
                results[i] = Encode(examples[i], out affected[i]);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        });
        // The first failing row in file order, so the error a user sees does not depend on thread timing.
        if (errors.FirstOrDefault(e => e is not null) is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return new EncodedDataset(results.OfType<EncodedExample>().ToList(),
            new EncodingReport(Options, examples.Count, affected.OfType<LengthAffectedRow>().ToList()));
    }

    /// <summary>The completions of an example, in the order of <see cref="EncodedExample.Sequences"/>.</summary>
    public static IReadOnlyList<string> CompletionsOf(Example example) => example switch
    {
        SftExample s => [s.Completion],
        PairedExample p => [p.Chosen, p.Rejected],
        // KTO's KL pair, when the loop chose it, is this prompt with another example's completion.
        UnpairedExample { KlCompletion: { } kl } u => [u.Completion, kl],
        UnpairedExample u => [u.Completion],
        RankedExample r => r.BestToWorst,
        // A group to be sampled online has no completions yet: its one sequence is the prompt.
        GroupedExample { Completions.Count: 0 } => [""],
        GroupedExample g => g.Completions.Select(c => c.Completion).ToList(),
        _ => throw new ArgumentException($"{example.Id}: cannot encode examples of type {example.GetType().Name}"),
    };

    private int PromptBudget => Options.MaxPromptLength > 0 ? Options.MaxPromptLength
        : Options.MaxLength > 0 ? Options.MaxLength - 1 : int.MaxValue;

    /// <summary>The first limit the row breaks (prompt, then completion, then the whole sequence) and why; null when it fits.</summary>
    private (LengthLimit Limit, string Reason)? OverLength(int promptLength, IReadOnlyList<int[]> completions)
    {
        if (Options.MaxPromptLength > 0 && promptLength > Options.MaxPromptLength)
            return (LengthLimit.Prompt, $"prompt is {promptLength} tokens, over max_prompt_length {Options.MaxPromptLength}");
        var longest = completions.Count == 0 ? 0 : completions.Max(c => c.Length);
        if (Options.MaxCompletionLength > 0 && longest > Options.MaxCompletionLength)
            return (LengthLimit.Completion, $"completion is {longest} tokens, over max_completion_length {Options.MaxCompletionLength}");
        return Options.MaxLength > 0 && promptLength + longest > Options.MaxLength
            ? (LengthLimit.Total, $"prompt {promptLength} + completion {longest} = {promptLength + longest} tokens, over max_length {Options.MaxLength}")
            : null;
    }

    private (int[], int[][]) DropEarlierTurns(Example example, IReadOnlyList<ChatMessage> messages, IReadOnlyList<string> completions, int[] prompt, int[][] completionIds)
    {
        foreach (var start in PromptRendering.TurnStarts(messages))
        {
            (prompt, completionIds) = _rendering.Encode(example.Id, Prompt.FromMessages(PromptRendering.KeepFrom(messages, start)), completions);
            if (prompt.Length <= PromptBudget) break;
        }
        return (prompt, completionIds);
    }

    /// <summary>The prompt's last tokens, with a leading BOS kept so the sequence still starts like the model expects.</summary>
    private int[] KeepPromptEnd(int[] prompt, int budget)
    {
        var keepBos = _tokenizer.BosTokenId is { } bos && prompt.Length > 0 && prompt[0] == bos && budget > 1;
        return keepBos ? [prompt[0], .. prompt.AsSpan(prompt.Length - (budget - 1))] : prompt[^budget..];
    }

    private int[] KeepCompletionStart(int[] completion) =>
        Options.MaxCompletionLength > 0 && completion.Length > Options.MaxCompletionLength ? completion[..Options.MaxCompletionLength] : completion;

    private int[] CutEnd(int[] completion, int promptLength) =>
        Options.MaxLength > 0 && promptLength + completion.Length > Options.MaxLength ? completion[..(Options.MaxLength - promptLength)] : completion;

    private EncodedExample? EncodeTokenized(TokenizedPairedExample example, ref LengthAffectedRow? affected)
    {
        var longest = Math.Max(example.ChosenIds.Count, example.RejectedIds.Count);
        var sequences = new[] { example.ChosenIds.ToArray(), example.RejectedIds.ToArray() };
        if (Options.MaxLength <= 0 || longest <= Options.MaxLength)
            return new EncodedExample(example, sequences.Select(s => new TokenSequence(s, 0)).ToList());
        var reason = $"sequence is {longest} tokens, over max_length {Options.MaxLength}";
        switch (Options.OverLength)
        {
            case OverLengthPolicy.Error:
                throw new DataFormatException(example.Id, null, $"{reason}; raise the limit, or set the over-length policy to truncate or drop");
            case OverLengthPolicy.Drop:
                affected = new LengthAffectedRow(example.Id, OverLengthPolicy.Drop, reason, LengthLimit.Total);
                return null;
        }
        affected = new LengthAffectedRow(example.Id, OverLengthPolicy.Truncate, reason, LengthLimit.Total);
        return new EncodedExample(example, sequences.Select(s => new TokenSequence(CutEnd(s, 0), 0)).ToList(), Truncated: true);
    }
}

/// <summary>Encoded examples (dropped rows left out) and the report of what the length policy did.</summary>
public sealed record EncodedDataset(IReadOnlyList<EncodedExample> Examples, EncodingReport Report);
