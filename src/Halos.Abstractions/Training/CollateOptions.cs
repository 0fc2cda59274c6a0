namespace Halos.Abstractions.Training;

/// <summary>
/// How examples become tensors: the token budget per sequence (prompt + completion), the prompt's own
/// budget (0: none), and the over-length policy (<c>truncate</c>, <c>drop</c> or <c>error</c>).
/// </summary>
public sealed record CollateOptions(int MaxLength, int MaxPromptLength = 0, string OverLength = "truncate");
