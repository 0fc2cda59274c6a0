namespace Halos.Training.Online;

/// <summary>One sampled completion as <c>completions.jsonl</c> records it: its step, prompt, text, rewards (total and per source) and advantage.</summary>
public sealed record CompletionRecord(long Step, string PromptId, int Sample, string Prompt, string Completion, int Length, string FinishReason,
    double Reward, double Advantage, IReadOnlyList<(string Name, double? Value)> Rewards);
