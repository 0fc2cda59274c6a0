using Halos.Abstractions.Generation;

namespace Halos.Training.Sampling;

/// <summary>The <see cref="Sample"/>-th completion of prompt <see cref="PromptRow.Index"/>, with its decoded text (special tokens skipped).</summary>
public sealed record SampledCompletion(PromptRow Prompt, int[] PromptIds, int Sample, GeneratedSequence Sequence, string Text);
